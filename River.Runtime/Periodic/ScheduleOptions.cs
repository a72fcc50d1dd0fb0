namespace River;

/// <summary>How a schedule created at run time behaves (<see cref="RiverClient.AddScheduleAsync(string, string, JobInsertRequest, ScheduleOptions?, CancellationToken)"/>).</summary>
public sealed record ScheduleOptions
{
    /// <summary>The IANA (or Windows) time zone cron fields are read in; default UTC. Ignored for <c>@every</c> intervals.</summary>
    public string? TimeZone { get; init; }

    /// <summary>What happens to runs missed while nobody enqueued them; default <see cref="MisfirePolicy.RunOnce"/>.</summary>
    public MisfirePolicy Misfire { get; init; } = MisfirePolicy.RunOnce;

    /// <summary>With <see cref="MisfirePolicy.RunAll"/>, the most missed runs enqueued at once, 1 to <see cref="PeriodicJob.MaxMisfireRunsLimit"/>; default <see cref="PeriodicJob.DefaultMaxMisfireRuns"/>.</summary>
    public int MaxMisfireRuns { get; init; } = PeriodicJob.DefaultMaxMisfireRuns;

    /// <summary>The first run is now rather than the schedule's first time after now.</summary>
    public bool RunOnStart { get; init; }

    /// <summary>Created paused (no run until resumed; <see cref="RiverClient.TriggerScheduleAsync"/> still enqueues one).</summary>
    public bool Paused { get; init; }
}
