namespace River;

/// <summary>
/// Options of one insert. Every value left <see langword="null"/> falls back to the args type's
/// <see cref="JobArgsAttribute"/>, then to the client's defaults.
/// </summary>
public sealed record InsertOptions
{
    /// <summary>
    /// The queue: 1 to 64 characters: lower-case ASCII letters and digits, in groups separated by a single _, - or |.
    /// </summary>
    public string? Queue { get; init; }
    /// <summary>The priority, 1 (first) to 4 (last).</summary>
    public int? Priority { get; init; }
    /// <summary>The maximum number of attempts, 1 to 32,767.</summary>
    public int? MaxAttempts { get; init; }
    /// <summary>
    /// Tags, any number, each 3 to 255 characters: ASCII letters, digits and underscores, and - except first or last.
    /// </summary>
    public IReadOnlyList<string>? Tags { get; init; }
    /// <summary>Metadata: a JSON object as text. Keys River reserves (e.g. <c>output</c>, <c>snoozes</c>) are refused.</summary>
    public string? Metadata { get; init; }
    /// <summary>When the job should run; a time in the future inserts it as <see cref="JobState.Scheduled"/>.</summary>
    public DateTimeOffset? ScheduledAt { get; init; }
    /// <summary>Insert as <see cref="JobState.Pending"/>.</summary>
    public bool? Pending { get; init; }
    /// <summary>Uniqueness for this insert; overrides the kind's <see cref="UniqueJobAttribute"/>.</summary>
    public UniqueOptions? UniqueOptions { get; init; }
    /// <summary>
    /// Puts the job in a sequence (1 to 255 characters; it replaces the kind's <see cref="SequenceAttribute"/> key): jobs
    /// with the same key run one at a time in insertion order. The job's queue must be sequenced in this client
    /// (<see cref="FlowControlOptions.SequencedQueues"/>, or a registered kind with <see cref="SequenceAttribute"/>), else the insert throws.
    /// </summary>
    public string? SequenceKey { get; init; }
}
