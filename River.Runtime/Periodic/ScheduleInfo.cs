namespace River;

/// <summary>
/// A durable schedule as stored (a row of <c>river_typed_schedule</c>): its definition, its next and last run, and
/// whether it is paused. Returned by <see cref="RiverClient.ListSchedulesAsync(int, string?, CancellationToken)"/> and the
/// other schedule calls.
/// </summary>
public sealed record ScheduleInfo
{
    /// <summary>The schedule id (the <c>river:periodic_job_id</c> metadata of every job it enqueues).</summary>
    public required string Id { get; init; }
    /// <summary>Declared in code or created at run time.</summary>
    public required ScheduleOwner Owner { get; init; }
    /// <summary>The schedule text: a cron expression or <c>@every &lt;duration&gt;</c> (a custom <see cref="IPeriodicSchedule"/> declared in code is stored as its description).</summary>
    public required string Schedule { get; init; }
    /// <summary>The time zone id of cron fields, or <see langword="null"/> for UTC.</summary>
    public string? TimeZone { get; init; }
    /// <summary>The kind of the jobs it enqueues, or <see langword="null"/> for a code schedule whose constructor builds each run.</summary>
    public string? Kind { get; init; }
    /// <summary>The stored args (JSON), or <see langword="null"/> for a code schedule whose constructor builds them per run.</summary>
    public string? ArgsJson { get; init; }
    /// <summary>The queue of the jobs it enqueues.</summary>
    public required string Queue { get; init; }
    /// <summary>Their priority.</summary>
    public int Priority { get; init; }
    /// <summary>Their max attempts.</summary>
    public int MaxAttempts { get; init; }
    /// <summary>Their tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Their user metadata (JSON object).</summary>
    public string MetadataJson { get; init; } = "{}";
    /// <summary>The misfire policy.</summary>
    public MisfirePolicy Misfire { get; init; }
    /// <summary>With <see cref="MisfirePolicy.RunAll"/>, the most missed runs enqueued at once.</summary>
    public int MaxMisfireRuns { get; init; }
    /// <summary>Whether the first run was at creation.</summary>
    public bool RunOnStart { get; init; }
    /// <summary>Paused: no scheduled run is enqueued until resumed.</summary>
    public bool Paused { get; init; }
    /// <summary>The next planned run (kept while paused), or <see langword="null"/> when the schedule has no further time.</summary>
    public DateTimeOffset? NextRunAt { get; init; }
    /// <summary>The planned time of the newest run enqueued, or <see langword="null"/> before the first.</summary>
    public DateTimeOffset? LastRunAt { get; init; }
    /// <summary>The id of the newest job enqueued, or <see langword="null"/>.</summary>
    public long? LastJobId { get; init; }
    /// <summary>When a "trigger now" is waiting for the leader, its time; else <see langword="null"/>.</summary>
    public DateTimeOffset? TriggerPendingAt { get; init; }
    /// <summary>The app version whose declaration is stored (code schedules; see <see cref="RiverClientOptions.AppVersion"/>).</summary>
    public string DefinitionVersion { get; init; } = "";
    /// <summary>When the row was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the row last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
