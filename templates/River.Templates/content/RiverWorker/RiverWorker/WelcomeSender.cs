namespace RiverWorker;

/// <summary>Sends the welcome message; replace <see cref="LoggingWelcomeSender"/> with your mail service.</summary>
public interface IWelcomeSender
{
    Task SendAsync(string email, string text, CancellationToken cancellationToken);
}

/// <summary>Logs the message instead of sending it.</summary>
public sealed partial class LoggingWelcomeSender(ILogger<LoggingWelcomeSender> logger) : IWelcomeSender
{
    public Task SendAsync(string email, string text, CancellationToken cancellationToken)
    {
        LogSent(email, text);
        return Task.CompletedTask;
    }

    [LoggerMessage(1, LogLevel.Information, "Welcome message to {Email}: {Text}")]
    private partial void LogSent(string email, string text);
}
