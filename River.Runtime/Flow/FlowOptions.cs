namespace River;

/// <summary>
/// The flow limits of one queue or one kind: a global concurrency limit, a rate limit, or both (see
/// docs/flow-control.md). Unset values mean no such limit.
/// </summary>
public sealed record FlowOptions
{
    /// <summary>The most jobs running at once across every client; at least 1. <see langword="null"/>: no concurrency limit.</summary>
    public int? MaxRunning { get; init; }

    /// <summary>
    /// Kinds only: a JSON property path into the args (JSON names separated by <c>.</c>); each distinct value gets its own
    /// limits. <see langword="null"/>: one set of limits for the whole kind.
    /// </summary>
    public string? PartitionBy { get; init; }

    /// <summary>Starts allowed per <see cref="RatePeriod"/>; at least 1. <see langword="null"/>: no rate limit.</summary>
    public int? RateLimit { get; init; }

    /// <summary>The rate limit's period, 1 ms to 31 days; required with <see cref="RateLimit"/>.</summary>
    public TimeSpan? RatePeriod { get; init; }

    /// <summary>The token bucket's size (starts at once after an idle spell); <see langword="null"/>: one second's worth, at least 1 and at most <see cref="RateLimit"/>.</summary>
    public int? RateBurst { get; init; }
}
