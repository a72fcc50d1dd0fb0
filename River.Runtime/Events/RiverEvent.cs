namespace River;

/// <summary>What happened.</summary>
public enum RiverEventKind
{
    /// <summary>A job completed.</summary>
    JobCompleted = 1,
    /// <summary>An attempt failed: the job is retryable, available again soon, or discarded (see <see cref="RiverEvent.Job"/>'s state).</summary>
    JobFailed = 2,
    /// <summary>A job was cancelled by its worker or through the API while running.</summary>
    JobCancelled = 3,
    /// <summary>A job snoozed.</summary>
    JobSnoozed = 4,
    /// <summary>A queue this client works was paused.</summary>
    QueuePaused = 5,
    /// <summary>A queue this client works was resumed.</summary>
    QueueResumed = 6,
    /// <summary>A durable schedule was added through this client (<see cref="RiverEvent.ScheduleId"/>).</summary>
    ScheduleAdded = 20,
    /// <summary>A durable schedule's definition was replaced through this client.</summary>
    ScheduleUpdated = 21,
    /// <summary>A durable schedule was paused through this client.</summary>
    SchedulePaused = 22,
    /// <summary>A durable schedule was resumed through this client.</summary>
    ScheduleResumed = 23,
    /// <summary>A durable schedule was removed through this client.</summary>
    ScheduleRemoved = 24,
    /// <summary>A run of a durable schedule was asked for now through this client (the leader enqueues it).</summary>
    ScheduleTriggered = 25,
    /// <summary>
    /// Every task of a workflow reached a final state (completed, cancelled or discarded): written by this client's
    /// completer, or by a workflow cancel through this client (<see cref="RiverEvent.WorkflowId"/>).
    /// </summary>
    WorkflowFinished = 30,
}

/// <summary>Timings of one attempt.</summary>
/// <param name="QueueWait">From the time the job was due (scheduled_at) to the start of the attempt.</param>
/// <param name="Run">How long the worker (with its middleware and hooks) ran.</param>
/// <param name="Completion">From the end of the run to the outcome being written.</param>
public sealed record JobTimings(TimeSpan QueueWait, TimeSpan Run, TimeSpan Completion);

/// <summary>
/// An event of this client. Job events carry the row as updated by the completer and the attempt's timings;
/// queue events carry the queue name.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Job">The updated row (job events).</param>
/// <param name="Timings">Timings (job events).</param>
/// <param name="Queue">The queue (queue events, the job's queue for job events, the schedule's queue for schedule events).</param>
/// <param name="ScheduleId">The schedule (schedule events), else <see langword="null"/>.</param>
public sealed record RiverEvent(RiverEventKind Kind, JobRow? Job, JobTimings? Timings, string Queue, string? ScheduleId = null)
{
    /// <summary>The workflow (workflow events), else <see langword="null"/>.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The workflow's name (workflow events), else <see langword="null"/>.</summary>
    public string? WorkflowName { get; init; }
}
