using Microsoft.Extensions.Logging;

namespace River.Logging;

/// <summary>
/// Log messages of the client and its background services (event ids 1–99, see <see cref="LogEventRanges"/>),
/// source-generated (no boxing, no parsing of templates at run time).
/// </summary>
internal static partial class RiverLog
{
    [LoggerMessage(1, LogLevel.Information, "River client {ClientId} started: schema {Schema}, queues [{Queues}]")]
    public static partial void ClientStarted(ILogger logger, string clientId, string schema, string queues);

    [LoggerMessage(2, LogLevel.Information, "River client {ClientId} stopped")]
    public static partial void ClientStopped(ILogger logger, string clientId);

    [LoggerMessage(3, LogLevel.Warning, "Fetching jobs of queue {Queue} failed; retrying in {Delay}")]
    public static partial void FetchFailed(ILogger logger, Exception exception, string queue, TimeSpan delay);

    [LoggerMessage(20, LogLevel.Warning, "A failed fetch of queue {Queue} had marked {Count} jobs running for this client before its connection failed; they are worked now (ids {JobIds})")]
    public static partial void FetchUnreceivedRecovered(ILogger logger, string queue, int count, string jobIds);

    [LoggerMessage(4, LogLevel.Warning, "Writing {Count} job outcomes failed (attempt {Attempt}); retrying in {Delay}")]
    public static partial void CompleterWriteFailed(ILogger logger, Exception exception, int count, int attempt, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Error, "Giving up writing {Count} job outcomes after {Attempts} attempts; the jobs stay running until rescued")]
    public static partial void CompleterGaveUp(ILogger logger, Exception exception, int count, int attempts);

    [LoggerMessage(6, LogLevel.Warning, "Retry policy returned {NextRetry} for job {JobId}, which is not in the future; using the default policy")]
    public static partial void RetryInPast(ILogger logger, long jobId, LogTime nextRetry);

    [LoggerMessage(7, LogLevel.Error, "Job {JobId} of kind {Kind} has no registered worker")]
    public static partial void UnknownKind(ILogger logger, long jobId, string kind);

    [LoggerMessage(8, LogLevel.Warning, "Job {JobId} of kind {Kind} failed on attempt {Attempt}: {Error}")]
    public static partial void JobFailed(ILogger logger, long jobId, string kind, int attempt, string error);

    [LoggerMessage(9, LogLevel.Warning, "Stopping: cancelling {Count} running jobs")]
    public static partial void HardStop(ILogger logger, int count);

    [LoggerMessage(10, LogLevel.Error, "Unexpected error in the producer of queue {Queue}")]
    public static partial void ProducerCrashed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(11, LogLevel.Warning, "The notifier's connection failed ({Failures} in a row); reconnecting in {Delay}")]
    public static partial void NotifierConnectionFailed(ILogger logger, Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(12, LogLevel.Information, "The notifier reconnected and listens again")]
    public static partial void NotifierReconnected(ILogger logger);

    [LoggerMessage(13, LogLevel.Warning, "Leader election failed; trying again at the next interval")]
    public static partial void ElectionFailed(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Information, "Client {ClientId} leadership: {IsLeader}")]
    public static partial void LeadershipChanged(ILogger logger, string clientId, bool isLeader);

    [LoggerMessage(15, LogLevel.Error, "A leadership change handler failed")]
    public static partial void LeadershipHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(16, LogLevel.Warning, "An event subscriber is not keeping up: {Total} events dropped so far")]
    public static partial void EventsDropped(ILogger logger, long total);

    [LoggerMessage(17, LogLevel.Error, "Background service {Service} failed and stopped")]
    public static partial void ServiceFailed(ILogger logger, Exception exception, string service);

    [LoggerMessage(18, LogLevel.Debug, "Waking the notifier failed; it wakes on its next ping instead")]
    public static partial void NotifierWakeFailed(ILogger logger, Exception exception);

    [LoggerMessage(19, LogLevel.Warning, "The notifier's unhealthy callback (RiverClientOptions.OnNotifierUnhealthy) threw")]
    public static partial void NotifierUnhealthyCallbackFailed(ILogger logger, Exception exception);
    [LoggerMessage(40, LogLevel.Information, "Job {JobId} of kind {Kind} was cancelled on attempt {Attempt} (the client is stopping or the job was cancelled)")]
    public static partial void JobCancelledOnRequest(ILogger logger, long jobId, string kind, int attempt);

    [LoggerMessage(41, LogLevel.Warning, "{Warning}")]
    public static partial void StartupWarning(ILogger logger, string warning);

    [LoggerMessage(42, LogLevel.Information, "Stopping: waiting up to {Timeout} for {Count} running jobs, then they are cancelled")]
    public static partial void WaitingForJobs(ILogger logger, string timeout, int count);

    [LoggerMessage(44, LogLevel.Information, "Stopping: waiting for {Count} running jobs to finish; they are cancelled when {Deadline}")]
    public static partial void WaitingForJobsUntilCancelled(ILogger logger, int count, string deadline);

    [LoggerMessage(43, LogLevel.Error, "The client's NpgsqlDataSource was disposed: {Component} stops for good, since a disposed data source never works again. Stop the client (StopAsync) before disposing its data source")]
    public static partial void DataSourceDisposed(ILogger logger, Exception exception, string component);
}
