namespace River.Testing;

/// <summary>
/// What a job must look like for the <see cref="RiverAssert"/> helpers to count it; every property left
/// <see langword="null"/> is not checked (like River's <c>rivertest.RequireInsertedOptions</c>).
/// </summary>
public sealed record RequireInsertedOptions
{
    /// <summary>The queue.</summary>
    public string? Queue { get; init; }
    /// <summary>The priority.</summary>
    public int? Priority { get; init; }
    /// <summary>The state (e.g. <see cref="JobState.Scheduled"/> for a job inserted to run later).</summary>
    public JobState? State { get; init; }
    /// <summary>The tags: the same ones, in the same order.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    /// <summary>The scheduled time, within <see cref="ScheduledAtTolerance"/>.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
    /// <summary>
    /// How far <see cref="ScheduledAt"/> may be from the stored time: default 1 µs, because PostgreSQL keeps
    /// microseconds (rounded) while .NET times have 100 ns ticks.
    /// </summary>
    public TimeSpan ScheduledAtTolerance { get; init; } = TimeSpan.FromTicks(10);
    /// <summary>The maximum number of attempts.</summary>
    public int? MaxAttempts { get; init; }
    /// <summary>The schema of River's tables (default <c>public</c>).</summary>
    public string Schema { get; init; } = RiverDefaults.Schema;
}
