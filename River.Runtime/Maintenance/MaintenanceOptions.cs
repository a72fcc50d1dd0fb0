namespace River;

/// <summary>
/// Settings of the services the elected leader runs: scheduler, rescuer, job cleaner, queue cleaner, reindexer
/// and the periodic job enqueuer. Defaults are in <see cref="MaintenanceDefaults"/> and follow River.
/// </summary>
public sealed class MaintenanceOptions
{
    /// <summary>Largest random delay before a service's first run after leadership is gained; <see cref="TimeSpan.Zero"/> disables it (tests).</summary>
    public TimeSpan StartJitter { get; set; } = MaintenanceDefaults.StartJitter;

    /// <summary>How long one batch may take; a batch that takes longer is cancelled and counts towards the breaker.</summary>
    public TimeSpan BatchTimeout { get; set; } = MaintenanceDefaults.BatchTimeout;

    /// <summary>Consecutive timed-out batches after which a service halves its batch size.</summary>
    public int BreakerTripAfter { get; set; } = MaintenanceDefaults.BreakerTripAfter;

    /// <summary>Consecutive clean runs after which a shrunken batch size doubles back towards its maximum.</summary>
    public int BreakerRecoverAfter { get; set; } = MaintenanceDefaults.BreakerRecoverAfter;

    /// <summary>How often the scheduler runs (default 5 s).</summary>
    public TimeSpan SchedulerInterval { get; set; } = MaintenanceDefaults.SchedulerInterval;

    /// <summary>Jobs the scheduler moves per statement (default 10,000).</summary>
    public int SchedulerBatchSize { get; set; } = MaintenanceDefaults.SchedulerBatchSize;

    /// <summary>How often the rescuer runs (default 30 s).</summary>
    public TimeSpan RescuerInterval { get; set; } = MaintenanceDefaults.RescuerInterval;

    /// <summary>A running job whose attempt started longer ago than this is rescued (default 1 h). Keep it above your longest job timeout.</summary>
    public TimeSpan RescueStuckJobsAfter { get; set; } = MaintenanceDefaults.RescueStuckJobsAfter;

    /// <summary>Stuck jobs the rescuer handles per statement (default 1,000).</summary>
    public int RescuerBatchSize { get; set; } = MaintenanceDefaults.RescuerBatchSize;

    /// <summary>How often the job cleaner runs (default 30 s).</summary>
    public TimeSpan JobCleanerInterval { get; set; } = MaintenanceDefaults.JobCleanerInterval;

    /// <summary>How long completed jobs are kept (default 24 h); <see langword="null"/> keeps them forever.</summary>
    public TimeSpan? CompletedJobRetention { get; set; } = MaintenanceDefaults.CompletedJobRetention;

    /// <summary>How long cancelled jobs are kept (default 24 h); <see langword="null"/> keeps them forever.</summary>
    public TimeSpan? CancelledJobRetention { get; set; } = MaintenanceDefaults.CancelledJobRetention;

    /// <summary>How long discarded jobs are kept (default 7 days); <see langword="null"/> keeps them forever.</summary>
    public TimeSpan? DiscardedJobRetention { get; set; } = MaintenanceDefaults.DiscardedJobRetention;

    /// <summary>Jobs the job cleaner deletes per statement (default 10,000).</summary>
    public int JobCleanerBatchSize { get; set; } = MaintenanceDefaults.JobCleanerBatchSize;

    /// <summary>
    /// How long a finished workflow's rows (the workflow, its task and edge rows of migration line <c>typed</c>) are kept
    /// after it finished (default 7 days, as long as discarded jobs); <see langword="null"/> keeps them forever. The
    /// workflow cleaner runs every <see cref="JobCleanerInterval"/>. The tasks' jobs are River's and go with
    /// <see cref="CompletedJobRetention"/> and the others: a workflow read after its completed tasks were cleaned lists
    /// only the tasks still there.
    /// </summary>
    public TimeSpan? WorkflowRetention { get; set; } = MaintenanceDefaults.WorkflowRetention;

    /// <summary>Workflows the workflow cleaner deletes per statement, each with its task and edge rows (default 1,000).</summary>
    public int WorkflowCleanerBatchSize { get; set; } = MaintenanceDefaults.WorkflowCleanerBatchSize;

    /// <summary>How often the queue cleaner runs (default 1 h).</summary>
    public TimeSpan QueueCleanerInterval { get; set; } = MaintenanceDefaults.QueueCleanerInterval;

    /// <summary>A <c>river_queue</c> row not updated for this long is deleted (default 24 h).</summary>
    public TimeSpan QueueRetention { get; set; } = MaintenanceDefaults.QueueRetention;

    /// <summary>Queues the queue cleaner deletes per statement (default 1,000).</summary>
    public int QueueCleanerBatchSize { get; set; } = MaintenanceDefaults.QueueCleanerBatchSize;

    /// <summary>Whether the reindexer runs (default true).</summary>
    public bool ReindexerEnabled { get; set; } = true;

    /// <summary>When the reindexer runs; <see langword="null"/> (default) means daily at midnight UTC.</summary>
    public IPeriodicSchedule? ReindexerSchedule { get; set; }

    /// <summary>The indexes (in the client's schema) the reindexer rebuilds; default <see cref="MaintenanceDefaults.ReindexerIndexes"/>.</summary>
    public IReadOnlyList<string> ReindexerIndexes { get; set; } = MaintenanceDefaults.ReindexerIndexes;

    /// <summary>How long one index rebuild may take (default 1 min); <see cref="Timeout.InfiniteTimeSpan"/> disables the limit.</summary>
    public TimeSpan ReindexerTimeout { get; set; } = MaintenanceDefaults.ReindexerTimeout;

    /// <summary>How far back a new leader still enqueues (once, the newest) a periodic firing nobody enqueued (default 1 h); zero disables catch-up.</summary>
    public TimeSpan PeriodicCatchUpWindow { get; set; } = MaintenanceDefaults.PeriodicCatchUpWindow;

    /// <summary>Throws a <see cref="RiverConfigurationException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        CollectProblems(problems);
        if (problems.Count > 0)
        {
            throw new RiverConfigurationException(problems);
        }
    }

    /// <summary>Adds one sentence per invalid setting to <paramref name="problems"/> (for <see cref="RiverClientOptions.Validate"/>).</summary>
    internal void CollectProblems(List<string> problems)
    {
        NonNegative(problems, nameof(StartJitter), StartJitter);
        Positive(problems, nameof(BatchTimeout), BatchTimeout);
        AtLeastOne(problems, nameof(BreakerTripAfter), BreakerTripAfter);
        AtLeastOne(problems, nameof(BreakerRecoverAfter), BreakerRecoverAfter);
        Positive(problems, nameof(SchedulerInterval), SchedulerInterval);
        AtLeastOne(problems, nameof(SchedulerBatchSize), SchedulerBatchSize);
        Positive(problems, nameof(RescuerInterval), RescuerInterval);
        Positive(problems, nameof(RescueStuckJobsAfter), RescueStuckJobsAfter);
        AtLeastOne(problems, nameof(RescuerBatchSize), RescuerBatchSize);
        Positive(problems, nameof(JobCleanerInterval), JobCleanerInterval);
        if (CompletedJobRetention is { } completed) NonNegative(problems, nameof(CompletedJobRetention), completed);
        if (CancelledJobRetention is { } cancelled) NonNegative(problems, nameof(CancelledJobRetention), cancelled);
        if (DiscardedJobRetention is { } discarded) NonNegative(problems, nameof(DiscardedJobRetention), discarded);
        AtLeastOne(problems, nameof(JobCleanerBatchSize), JobCleanerBatchSize);
        if (WorkflowRetention is { } workflows) NonNegative(problems, nameof(WorkflowRetention), workflows);
        AtLeastOne(problems, nameof(WorkflowCleanerBatchSize), WorkflowCleanerBatchSize);
        Positive(problems, nameof(QueueCleanerInterval), QueueCleanerInterval);
        NonNegative(problems, nameof(QueueRetention), QueueRetention);
        AtLeastOne(problems, nameof(QueueCleanerBatchSize), QueueCleanerBatchSize);
        if (ReindexerTimeout != Timeout.InfiniteTimeSpan)
        {
            Positive(problems, nameof(ReindexerTimeout), ReindexerTimeout);
        }
        NonNegative(problems, nameof(PeriodicCatchUpWindow), PeriodicCatchUpWindow);
        if (ReindexerIndexes is null)
        {
            problems.Add("Maintenance.ReindexerIndexes must not be null (use an empty list to rebuild nothing).");
        }
        else
        {
            foreach (var index in ReindexerIndexes)
            {
                if (string.IsNullOrEmpty(index) || index.Length > 56)
                {
                    problems.Add($"Maintenance.ReindexerIndexes: index name '{index}' must be 1 to 56 characters (room for the _ccnew suffix).");
                }
            }
        }
    }

    private static void Positive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"Maintenance.{name} must be positive, got {value}.");
        }
    }

    private static void NonNegative(List<string> problems, string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            problems.Add($"Maintenance.{name} must not be negative, got {value}.");
        }
    }

    private static void AtLeastOne(List<string> problems, string name, int value)
    {
        if (value < 1)
        {
            problems.Add($"Maintenance.{name} must be at least 1, got {value}.");
        }
    }
}
