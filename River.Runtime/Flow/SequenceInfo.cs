namespace River;

/// <summary>A sequence with a job not finalized, and the job that holds it (<see cref="RiverClient.ListSequencesAsync(int, string?, string?, CancellationToken)"/>).</summary>
public sealed record SequenceInfo
{
    /// <summary>The sequence key (<c>metadata.river:sequence</c>).</summary>
    public required string Key { get; init; }
    /// <summary>The job holding the sequence: its earliest job (lowest id) that is not completed, cancelled or discarded.</summary>
    public long HolderJobId { get; init; }
    /// <summary>The holder's kind.</summary>
    public required string HolderKind { get; init; }
    /// <summary>The holder's queue.</summary>
    public required string HolderQueue { get; init; }
    /// <summary>The holder's state: running, or waiting (available, scheduled, pending), or failed and waiting for its retry (retryable).</summary>
    public JobState HolderState { get; init; }
    /// <summary>The holder's attempt count.</summary>
    public int HolderAttempt { get; init; }
    /// <summary>Jobs of the sequence behind the holder.</summary>
    public long Waiting { get; init; }
}
