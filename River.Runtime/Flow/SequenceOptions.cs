namespace River;

/// <summary>The sequence of a kind (<see cref="SequenceAttribute"/>): the args path naming it and the failure policy.</summary>
public sealed record SequenceOptions
{
    /// <summary>A JSON property path into the args whose value names the sequence; <see langword="null"/>: one sequence for the kind.</summary>
    public string? By { get; init; }

    /// <summary>What a failed job waiting for its retry does to its sequence.</summary>
    public SequenceFailurePolicy OnFailure { get; init; }
}
