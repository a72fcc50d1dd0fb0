namespace River;

/// <summary>
/// Uniqueness options of a job kind or of one insert. See <see cref="UniqueJobAttribute"/> for the meaning
/// of each dimension.
/// </summary>
public sealed record UniqueOptions
{
    /// <summary>The states a default <see cref="UniqueOptions"/> blocks in: available, completed, pending, retryable, running, scheduled.</summary>
    public static IReadOnlyList<JobState> DefaultStates { get; } =
        [JobState.Available, JobState.Completed, JobState.Pending, JobState.Retryable, JobState.Running, JobState.Scheduled];

    /// <summary>The states every unique state set must contain: available, pending, running, scheduled.</summary>
    public static IReadOnlyList<JobState> RequiredStates { get; } =
        [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled];

    /// <summary>Include the args (all top-level properties, or only <see cref="ArgPaths"/> when set).</summary>
    public bool ByArgs { get; init; }
    /// <summary>Include the period the scheduled time falls in; <see langword="null"/> for none. At least one second.</summary>
    public TimeSpan? ByPeriod { get; init; }
    /// <summary>Include the queue.</summary>
    public bool ByQueue { get; init; }
    /// <summary>The blocking states; <see langword="null"/> means <see cref="DefaultStates"/>.</summary>
    public IReadOnlyList<JobState>? ByState { get; init; }
    /// <summary>Leave the kind out of the key.</summary>
    public bool ExcludeKind { get; init; }
    /// <summary>
    /// JSON property paths (dot-separated JSON names, e.g. <c>"customer.id"</c>) of the properties marked
    /// <see cref="UniqueKeyAttribute"/>; <see langword="null"/> or empty means all top-level properties.
    /// Filled by the generator.
    /// </summary>
    public IReadOnlyList<string>? ArgPaths { get; init; }
}
