namespace River.Flow;

/// <summary>The defaults of flow control, named.</summary>
internal static class FlowDefaults
{
    /// <summary>
    /// How many available jobs of a queue, in fetch order, one limited fetch looks at beyond the free slots it fills: jobs
    /// held back by a limit are stepped over, up to this many; a queue whose first slots + <see cref="ScanLimit"/> jobs
    /// are all held waits for them.
    /// </summary>
    public const int ScanLimit = 1000;

    /// <summary>How many sequences <see cref="RiverClient.ListSequencesAsync(int, string?, string?, CancellationToken)"/> returns when not told.</summary>
    public const int SequenceListLimit = 100;
}
