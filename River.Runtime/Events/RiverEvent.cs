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
    /// This client registered in the client registry at start (<see cref="RiverEvent.ClientId"/> is its id). Only the client
    /// itself publishes it; the fleet is listed by <see cref="RiverClient.ListClientsAsync"/>.
    /// </summary>
    ClientJoined = 30,
    /// <summary>This client removed its registry row at a graceful stop (<see cref="RiverEvent.ClientId"/> is its id).</summary>
    ClientLeft = 31,
    /// <summary>
    /// This client, as leader, declared another client dead: its heartbeat stood still for its TTL
    /// (<see cref="RiverEvent.ClientId"/> is the dead client). Its running jobs follow in <see cref="JobsRescued"/> events.
    /// </summary>
    ClientDeclaredDead = 32,
    /// <summary>
    /// This client, as leader, rescued running jobs (<see cref="RiverEvent.JobIds"/>) of one client
    /// (<see cref="RiverEvent.ClientId"/>, the last of their <c>attempted_by</c>) for one <see cref="RiverEvent.RescueCause"/>;
    /// published after the rescue committed, one event per client and cause per rescue batch.
    /// </summary>
    JobsRescued = 33,
    /// <summary>
    /// Every task of a workflow reached a final state (completed, cancelled or discarded): written by this client's
    /// completer, or by a cancel (of the workflow, or of one task in the client's own transaction) through this client (<see cref="RiverEvent.WorkflowId"/>).
    /// </summary>
    WorkflowFinished = 40,
}

/// <summary>Timings of one attempt.</summary>
/// <param name="QueueWait">From the time the job was due (scheduled_at) to the start of the attempt.</param>
/// <param name="Run">How long the worker (with its middleware and hooks) ran.</param>
/// <param name="Completion">From the end of the run to the outcome being written.</param>
public sealed record JobTimings(TimeSpan QueueWait, TimeSpan Run, TimeSpan Completion);

/// <summary>
/// An event of this client. Job events carry the row as updated by the completer and the attempt's timings;
/// queue events carry the queue name; client and rescue events carry <see cref="ClientId"/> (and <see cref="JobIds"/>,
/// <see cref="RescueCause"/>), with an empty <see cref="Queue"/>.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Job">The updated row (job events).</param>
/// <param name="Timings">Timings (job events).</param>
/// <param name="Queue">The queue (queue events, the job's queue for job events, the schedule's queue for schedule events).</param>
/// <param name="ScheduleId">The schedule (schedule events), else <see langword="null"/>.</param>
public sealed record RiverEvent(RiverEventKind Kind, JobRow? Job, JobTimings? Timings, string Queue, string? ScheduleId = null)
{
    /// <summary>
    /// The client the event is about: this client for <see cref="RiverEventKind.ClientJoined"/> and
    /// <see cref="RiverEventKind.ClientLeft"/>, the dead client for <see cref="RiverEventKind.ClientDeclaredDead"/>, the
    /// client whose attempts were rescued for <see cref="RiverEventKind.JobsRescued"/> (null when <c>attempted_by</c> was
    /// empty); null for other events.
    /// </summary>
    public string? ClientId { get; init; }

    /// <summary>The ids of the rescued jobs, ascending (<see cref="RiverEventKind.JobsRescued"/>); empty for other events.</summary>
    public IReadOnlyList<long> JobIds { get; init; } = [];

    /// <summary>Why the jobs were rescued (<see cref="RiverEventKind.JobsRescued"/>); null for other events.</summary>
    public RescueCause? RescueCause { get; init; }

    /// <summary>The workflow (workflow events), else <see langword="null"/>.</summary>
    public string? WorkflowId { get; init; }

    /// <summary>The workflow's name (workflow events), else <see langword="null"/>.</summary>
    public string? WorkflowName { get; init; }
}
