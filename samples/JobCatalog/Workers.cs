using River;

namespace JobCatalog;

/// <summary>Sends mail through an <see cref="IMailer"/>.</summary>
public interface IMailer
{
    /// <summary>Sends one message.</summary>
    Task SendAsync(string to, string subject, CancellationToken cancellationToken);
}

/// <summary>Works <see cref="SendEmail"/>.</summary>
/// <param name="mailer">The mailer.</param>
public sealed class SendEmailWorker(IMailer mailer) : Worker<SendEmail>
{
    /// <inheritdoc />
    public override TimeSpan? Timeout => TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override Task WorkAsync(Job<SendEmail> job, CancellationToken cancellationToken)
        => mailer.SendAsync(job.Args.To, job.Args.Subject, cancellationToken);
}

/// <summary>Works <see cref="ResizeImage"/>; an optional setting falls back to its default.</summary>
public sealed class ResizeImageWorker : Worker<ResizeImage>
{
    /// <summary>Creates the worker.</summary>
    public ResizeImageWorker(IServiceProvider services, int maxPixels = 4096)
    {
        Services = services;
        MaxPixels = maxPixels;
    }

    /// <summary>The job's service provider.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The largest side allowed.</summary>
    public int MaxPixels { get; }

    /// <inheritdoc />
    public override Task WorkAsync(Job<ResizeImage> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A shared base for workers (not registered itself).</summary>
public abstract class LoggingWorker<T> : Worker<T> where T : notnull
{
    /// <inheritdoc />
    public override Task WorkAsync(Job<T> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Works <see cref="Vacuum"/> through an indirect base.</summary>
public sealed class VacuumWorker : LoggingWorker<Vacuum>;
