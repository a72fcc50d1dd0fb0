namespace River.Diagnostics;

/// <summary>One sample of <see cref="FlowSampler"/>: every limit with its counts, and the sequences per queue.</summary>
internal sealed record FlowSample(IReadOnlyList<FlowLimitInfo> Limits, IReadOnlyList<SequenceCounts> Sequences)
{
    public static readonly FlowSample Empty = new([], []);
}

/// <summary>The sequences of one queue with a job not finalized, and the jobs waiting behind their holders.</summary>
internal readonly record struct SequenceCounts(string Queue, long Active, long Waiting);
