using Microsoft.Extensions.Logging;
using River.Logging;

namespace River.Logging;

/// <summary>Log messages of the maintenance services and the periodic enqueuer (event ids 100–199, see <see cref="LogEventRanges"/>).</summary>
internal static partial class MaintenanceLog
{
    [LoggerMessage(100, LogLevel.Warning, "Maintenance service {Service} failed a run; next run as scheduled")]
    public static partial void RunFailed(ILogger logger, Exception exception, string service);

    [LoggerMessage(101, LogLevel.Warning, "Maintenance service {Service}: a batch of {BatchSize} timed out after {Timeout}")]
    public static partial void BatchTimedOut(ILogger logger, string service, int batchSize, TimeSpan timeout);

    [LoggerMessage(102, LogLevel.Warning, "Maintenance service {Service}: {Timeouts} timeouts in a row, batch size reduced to {BatchSize}")]
    public static partial void BreakerTripped(ILogger logger, string service, int timeouts, int batchSize);

    [LoggerMessage(103, LogLevel.Information, "Maintenance service {Service}: batch size restored to {BatchSize}")]
    public static partial void BreakerRecovered(ILogger logger, string service, int batchSize);

    [LoggerMessage(104, LogLevel.Debug, "Scheduler made {Available} jobs available and discarded {Discarded} unique conflicts")]
    public static partial void Scheduled(ILogger logger, int available, int discarded);

    [LoggerMessage(105, LogLevel.Information, "Rescuer rescued {Count} stuck jobs ({Retryable} retryable, {Discarded} discarded, {Cancelled} cancelled)")]
    public static partial void Rescued(ILogger logger, int count, int retryable, int discarded, int cancelled);

    [LoggerMessage(106, LogLevel.Debug, "Job cleaner deleted {Count} jobs")]
    public static partial void JobsCleaned(ILogger logger, int count);

    [LoggerMessage(118, LogLevel.Debug, "Workflow cleaner deleted {Count} finished workflows ({Edges} dependency edges)")]
    public static partial void WorkflowsCleaned(ILogger logger, int count, int edges);

    [LoggerMessage(107, LogLevel.Information, "Queue cleaner deleted {Count} stale queues: {Queues}")]
    public static partial void QueuesCleaned(ILogger logger, int count, string queues);

    [LoggerMessage(108, LogLevel.Warning, "Reindexer found leftovers of an interrupted concurrent reindex of {Index} ({Artifacts}); dropped them and skipped {Index} this run")]
    public static partial void ReindexArtifactsDropped(ILogger logger, string index, string artifacts);

    [LoggerMessage(109, LogLevel.Information, "Reindexer rebuilt {Index}")]
    public static partial void Reindexed(ILogger logger, string index);

    [LoggerMessage(110, LogLevel.Warning, "Reindexer: index {Index} does not exist in schema {Schema}; skipped")]
    public static partial void ReindexMissing(ILogger logger, string index, string schema);

    [LoggerMessage(111, LogLevel.Warning, "Reindexer: rebuilding {Index} failed")]
    public static partial void ReindexFailed(ILogger logger, Exception exception, string index);

    [LoggerMessage(116, LogLevel.Warning, "Reindexer: this database role may not rebuild {Index} (SQLSTATE 42501: {Reason}). REINDEX needs ownership of the index (or the MAINTAIN privilege on PostgreSQL 17+), which a role with only SELECT/INSERT/UPDATE/DELETE rights lacks. Set Maintenance.ReindexerEnabled = false on this client and reindex from the role that owns the schema (the one that runs migrations). Other maintenance services are not affected; this warning is logged once per client")]
    public static partial void ReindexNotPermitted(ILogger logger, string index, string reason);

    [LoggerMessage(117, LogLevel.Debug, "Reindexer: still not permitted to rebuild {Index} (SQLSTATE 42501); skipped until the next scheduled run")]
    public static partial void ReindexStillNotPermitted(ILogger logger, string index);

    /// <summary>At Debug: a 10 s schedule would otherwise write 8,640 Information lines a day (the insert has its own events and metrics).</summary>
    [LoggerMessage(112, LogLevel.Debug, "Periodic job {PeriodicJobId} enqueued job {JobId} planned for {PlannedAt}")]
    public static partial void PeriodicEnqueued(ILogger logger, string periodicJobId, long jobId, LogTime plannedAt);

    [LoggerMessage(113, LogLevel.Warning, "Periodic job {PeriodicJobId}: the constructor failed for the firing planned at {PlannedAt}; skipped")]
    public static partial void PeriodicConstructorFailed(ILogger logger, Exception exception, string periodicJobId, LogTime plannedAt);

    [LoggerMessage(114, LogLevel.Warning, "Periodic job {PeriodicJobId}: the schedule failed after {After}; the job is paused until it is re-added")]
    public static partial void PeriodicScheduleFailed(ILogger logger, Exception exception, string periodicJobId, LogTime after);

    [LoggerMessage(115, LogLevel.Information, "Maintenance services {Action} ({Services})")]
    public static partial void Leadership(ILogger logger, string action, string services);
}
