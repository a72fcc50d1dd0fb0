namespace River;

/// <summary>
/// Default values of the leader's maintenance services and the periodic job enqueuer, named after River's
/// where River has them. Every one is also an option on <see cref="MaintenanceOptions"/>.
/// </summary>
public static class MaintenanceDefaults
{
    /// <summary>The largest random delay before a service's first run (spreads load when leadership changes): 500 ms.</summary>
    public static readonly TimeSpan StartJitter = TimeSpan.FromMilliseconds(500);

    /// <summary>How long one batch of a service may take before it is cancelled and counted as a timeout: 30 s.</summary>
    public static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(30);

    /// <summary>After this many consecutive timed-out batches a service halves its batch size: 3.</summary>
    public const int BreakerTripAfter = 3;

    /// <summary>After this many consecutive successful runs a shrunken batch size doubles back towards its maximum: 10.</summary>
    public const int BreakerRecoverAfter = 10;

    /// <summary>The smallest batch size the breaker shrinks to: 10.</summary>
    public const int BreakerMinBatchSize = 10;

    /// <summary>
    /// How often the scheduler makes due scheduled and retryable jobs available: 5 s. A retry due sooner than this goes
    /// straight back to available.
    /// </summary>
    public static readonly TimeSpan SchedulerInterval = TimeSpan.FromSeconds(5);

    /// <summary>How many jobs the scheduler moves per statement: 10,000.</summary>
    public const int SchedulerBatchSize = 10_000;

    /// <summary>How often the rescuer looks for stuck jobs: 30 s.</summary>
    public static readonly TimeSpan RescuerInterval = TimeSpan.FromSeconds(30);

    /// <summary>A running job whose attempt started longer ago than this is considered stuck and rescued: 1 h.</summary>
    public static readonly TimeSpan RescueStuckJobsAfter = TimeSpan.FromHours(1);

    /// <summary>How many stuck jobs the rescuer handles per statement: 1,000.</summary>
    public const int RescuerBatchSize = 1_000;

    /// <summary>The error recorded on a rescued job.</summary>
    public const string RescuedError = "stuck job rescued by the leader";

    /// <summary>How often the job cleaner deletes old finalized jobs: 30 s.</summary>
    public static readonly TimeSpan JobCleanerInterval = TimeSpan.FromSeconds(30);

    /// <summary>How long completed jobs are kept: 24 h.</summary>
    public static readonly TimeSpan CompletedJobRetention = TimeSpan.FromHours(24);

    /// <summary>How long cancelled jobs are kept: 24 h.</summary>
    public static readonly TimeSpan CancelledJobRetention = TimeSpan.FromHours(24);

    /// <summary>How long discarded jobs are kept: 7 days.</summary>
    public static readonly TimeSpan DiscardedJobRetention = TimeSpan.FromDays(7);

    /// <summary>How many jobs the job cleaner deletes per statement: 10,000.</summary>
    public const int JobCleanerBatchSize = 10_000;

    /// <summary>How long a finished workflow's rows are kept: 7 days (as long as discarded jobs).</summary>
    public static readonly TimeSpan WorkflowRetention = TimeSpan.FromDays(7);

    /// <summary>How many workflows the workflow cleaner deletes per statement: 1,000.</summary>
    public const int WorkflowCleanerBatchSize = 1_000;

    /// <summary>How often the queue cleaner deletes queues no client has reported: 1 h.</summary>
    public static readonly TimeSpan QueueCleanerInterval = TimeSpan.FromHours(1);

    /// <summary>A queue row not updated for this long is deleted: 24 h.</summary>
    public static readonly TimeSpan QueueRetention = TimeSpan.FromHours(24);

    /// <summary>How many queues the queue cleaner deletes per statement: 1,000.</summary>
    public const int QueueCleanerBatchSize = 1_000;

    /// <summary>How long one <c>REINDEX INDEX CONCURRENTLY</c> may take before it is cancelled: 1 min.</summary>
    public static readonly TimeSpan ReindexerTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The indexes the reindexer rebuilds (River's defaults: the two GIN indexes, which bloat most).</summary>
    public static IReadOnlyList<string> ReindexerIndexes { get; } = ["river_job_args_index", "river_job_metadata_index"];

    /// <summary>How far back a new leader looks for periodic firings it missed and still enqueues one (the newest): 1 h.</summary>
    public static readonly TimeSpan PeriodicCatchUpWindow = TimeSpan.FromHours(1);
}
