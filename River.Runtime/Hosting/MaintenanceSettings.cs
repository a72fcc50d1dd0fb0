namespace River;

/// <summary>
/// The <c>Maintenance</c> part of River's configuration section, applied to <see cref="MaintenanceOptions"/>: one
/// property per option, absent ones keep the option's value. (Bound separately: the options class holds an
/// <see cref="IPeriodicSchedule"/>, which configuration gives as text.)
/// </summary>
internal sealed class MaintenanceSettings
{
    public TimeSpan? StartJitter { get; set; }
    public TimeSpan? BatchTimeout { get; set; }
    public int? BreakerTripAfter { get; set; }
    public int? BreakerRecoverAfter { get; set; }
    public TimeSpan? SchedulerInterval { get; set; }
    public int? SchedulerBatchSize { get; set; }
    public TimeSpan? RescuerInterval { get; set; }
    public TimeSpan? RescueStuckJobsAfter { get; set; }
    public int? RescuerBatchSize { get; set; }
    public TimeSpan? JobCleanerInterval { get; set; }
    public TimeSpan? CompletedJobRetention { get; set; }
    public TimeSpan? CancelledJobRetention { get; set; }
    public TimeSpan? DiscardedJobRetention { get; set; }
    public int? JobCleanerBatchSize { get; set; }
    public TimeSpan? WorkflowRetention { get; set; }
    public int? WorkflowCleanerBatchSize { get; set; }
    public TimeSpan? QueueCleanerInterval { get; set; }
    public TimeSpan? QueueRetention { get; set; }
    public int? QueueCleanerBatchSize { get; set; }
    public bool? ReindexerEnabled { get; set; }
    /// <summary>A cron expression or <c>@every 1h</c>-style interval (see <see cref="PeriodicSchedules.Parse"/>).</summary>
    public string? ReindexerSchedule { get; set; }
    public string[]? ReindexerIndexes { get; set; }
    public TimeSpan? ReindexerTimeout { get; set; }
    public TimeSpan? PeriodicCatchUpWindow { get; set; }

    /// <summary>Copies the values that are present; a schedule that does not parse is a problem.</summary>
    public void ApplyTo(MaintenanceOptions options, List<string> problems)
    {
        if (StartJitter is { } startJitter) options.StartJitter = startJitter;
        if (BatchTimeout is { } batchTimeout) options.BatchTimeout = batchTimeout;
        if (BreakerTripAfter is { } breakerTripAfter) options.BreakerTripAfter = breakerTripAfter;
        if (BreakerRecoverAfter is { } breakerRecoverAfter) options.BreakerRecoverAfter = breakerRecoverAfter;
        if (SchedulerInterval is { } schedulerInterval) options.SchedulerInterval = schedulerInterval;
        if (SchedulerBatchSize is { } schedulerBatchSize) options.SchedulerBatchSize = schedulerBatchSize;
        if (RescuerInterval is { } rescuerInterval) options.RescuerInterval = rescuerInterval;
        if (RescueStuckJobsAfter is { } rescueStuckJobsAfter) options.RescueStuckJobsAfter = rescueStuckJobsAfter;
        if (RescuerBatchSize is { } rescuerBatchSize) options.RescuerBatchSize = rescuerBatchSize;
        if (JobCleanerInterval is { } jobCleanerInterval) options.JobCleanerInterval = jobCleanerInterval;
        if (CompletedJobRetention is { } completedJobRetention) options.CompletedJobRetention = completedJobRetention;
        if (CancelledJobRetention is { } cancelledJobRetention) options.CancelledJobRetention = cancelledJobRetention;
        if (DiscardedJobRetention is { } discardedJobRetention) options.DiscardedJobRetention = discardedJobRetention;
        if (JobCleanerBatchSize is { } jobCleanerBatchSize) options.JobCleanerBatchSize = jobCleanerBatchSize;
        if (WorkflowRetention is { } workflowRetention) options.WorkflowRetention = workflowRetention;
        if (WorkflowCleanerBatchSize is { } workflowCleanerBatchSize) options.WorkflowCleanerBatchSize = workflowCleanerBatchSize;
        if (QueueCleanerInterval is { } queueCleanerInterval) options.QueueCleanerInterval = queueCleanerInterval;
        if (QueueRetention is { } queueRetention) options.QueueRetention = queueRetention;
        if (QueueCleanerBatchSize is { } queueCleanerBatchSize) options.QueueCleanerBatchSize = queueCleanerBatchSize;
        if (ReindexerEnabled is { } reindexerEnabled) options.ReindexerEnabled = reindexerEnabled;
        if (ReindexerSchedule is { } schedule)
        {
            if (PeriodicSchedules.TryParse(schedule, null, out var parsed, out var error))
                options.ReindexerSchedule = parsed;
            else
                problems.Add($"Maintenance:ReindexerSchedule: {error}");
        }
        if (ReindexerIndexes is { } indexes) options.ReindexerIndexes = indexes;
        if (ReindexerTimeout is { } reindexerTimeout) options.ReindexerTimeout = reindexerTimeout;
        if (PeriodicCatchUpWindow is { } periodicCatchUpWindow) options.PeriodicCatchUpWindow = periodicCatchUpWindow;
    }
}
