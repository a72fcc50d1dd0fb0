using River;

namespace Quickstart;

/// <summary>A welcome email: goes to the "mail" queue, up to 5 attempts.</summary>
[JobArgs("quickstart.welcome_email", Queue = "mail", MaxAttempts = 5)]
public sealed record WelcomeEmail(string To, string Name);

/// <summary>An invoice for an order; inserted in the same transaction as the order itself.</summary>
[JobArgs("quickstart.invoice", Tags = ["billing"])]
public sealed record GenerateInvoice(long OrderId, decimal Amount);

/// <summary>Sends the email (here: prints it). Fails the first attempt to show a retry.</summary>
public sealed class WelcomeEmailWorker(Outcomes outcomes) : Worker<WelcomeEmail>
{
    public override Task WorkAsync(Job<WelcomeEmail> job, CancellationToken cancellationToken)
    {
        if (job.Attempt == 1)
        {
            outcomes.Record($"job {job.Id} {job.Kind}: attempt 1 fails on purpose (the mail server is 'down')");
            throw new InvalidOperationException("mail server unavailable");
        }
        outcomes.Record($"job {job.Id} {job.Kind}: attempt {job.Attempt} sent to {job.Args.To} (\"Welcome, {job.Args.Name}!\")");
        outcomes.Done();
        return Task.CompletedTask;
    }
}

/// <summary>Generates the invoice and records its number as the job's output.</summary>
public sealed class GenerateInvoiceWorker(Outcomes outcomes) : Worker<GenerateInvoice>
{
    public override TimeSpan? Timeout => TimeSpan.FromSeconds(30);

    public override Task WorkAsync(Job<GenerateInvoice> job, CancellationToken cancellationToken)
    {
        var number = $"INV-{job.Args.OrderId:D6}";
        job.RecordOutput($"{{\"invoice\":\"{number}\"}}");
        outcomes.Record($"job {job.Id} {job.Kind}: invoice {number} for order {job.Args.OrderId} ({job.Args.Amount:0.00})");
        outcomes.Done();
        return Task.CompletedTask;
    }
}

/// <summary>Collects what the workers did, and signals when the expected number of jobs is done.</summary>
public sealed class Outcomes
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = 2;

    public Task AllDone => _all.Task;

    public void Record(string line) => Console.WriteLine("  worker | " + line);

    public void Done()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _all.TrySetResult();
        }
    }
}
