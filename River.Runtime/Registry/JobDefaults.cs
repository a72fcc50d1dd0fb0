namespace River;

/// <summary>
/// The insert defaults a job kind declares through <see cref="JobArgsAttribute"/>. <see langword="null"/>
/// values defer to the client's defaults.
/// </summary>
public sealed record JobDefaults
{
    /// <summary>No defaults: everything from the client.</summary>
    public static JobDefaults None { get; } = new();

    /// <summary>Default queue.</summary>
    public string? Queue { get; init; }
    /// <summary>Default priority (1..4).</summary>
    public int? Priority { get; init; }
    /// <summary>Default max attempts (1..32,767).</summary>
    public int? MaxAttempts { get; init; }
    /// <summary>Default tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    /// <summary>Insert as pending by default.</summary>
    public bool Pending { get; init; }
    /// <summary>The kind's global limits from <see cref="ConcurrencyLimitAttribute"/> and <see cref="RateLimitAttribute"/>, or <see langword="null"/>.</summary>
    public FlowOptions? Flow { get; init; }
    /// <summary>The kind's sequence from <see cref="SequenceAttribute"/>, or <see langword="null"/>.</summary>
    public SequenceOptions? Sequence { get; init; }
}
