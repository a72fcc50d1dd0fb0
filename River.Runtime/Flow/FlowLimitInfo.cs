namespace River;

/// <summary>A queue's or kind's flow limits as stored, with what they hold now (<see cref="RiverClient.ListFlowLimitsAsync"/>).</summary>
public sealed record FlowLimitInfo
{
    /// <summary>What the limits cover.</summary>
    public required FlowScope Scope { get; init; }
    /// <summary>The limits (their <see cref="FlowOptions.PartitionBy"/> written with <c>.</c> between names).</summary>
    public required FlowOptions Limits { get; init; }
    /// <summary>Whether the queue's fetch keeps sequences in order (queues only).</summary>
    public bool Sequenced { get; init; }
    /// <summary>Whether an operator changed the limits at run time (a client start then keeps them; a reset restores the declaration).</summary>
    public bool ChangedAtRunTime { get; init; }
    /// <summary>When the row last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Jobs in scope running now, across every client, counted up to 10,000 (10,000 means at least that many).</summary>
    public long Running { get; init; }
    /// <summary>
    /// Jobs in scope available now (due and waiting for a worker or for the limit), counted up to 10,000 (10,000 means at
    /// least that many: the count stays cheap on a table of millions).
    /// </summary>
    public long Waiting { get; init; }
    /// <summary>With a partition: how many distinct partitions have a job running now.</summary>
    public long PartitionsRunning { get; init; }
    /// <summary>With a rate limit: the fewest tokens left in any of its buckets at their last update, or <see langword="null"/> before the first start.</summary>
    public double? TokensLeft { get; init; }
}
