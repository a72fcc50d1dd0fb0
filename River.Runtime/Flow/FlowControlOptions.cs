namespace River;

/// <summary>
/// Flow control declared by a client (<see cref="RiverClientOptions.Flow"/>): limits per queue and per kind, and the
/// queues whose fetch keeps sequences in order. Written to the database when the client starts, so every client agrees;
/// an operator's change at run time is kept across restarts until it is reset (see docs/flow-control.md).
/// </summary>
public sealed class FlowControlOptions
{
    /// <summary>Limits per queue name (every job of the queue counts). <see cref="FlowOptions.PartitionBy"/> is not allowed here.</summary>
    public IDictionary<string, FlowOptions> Queues { get; } = new Dictionary<string, FlowOptions>(StringComparer.Ordinal);

    /// <summary>Limits per job kind (its jobs in every queue count); they replace the kind's <see cref="ConcurrencyLimitAttribute"/> and <see cref="RateLimitAttribute"/>.</summary>
    public IDictionary<string, FlowOptions> Kinds { get; } = new Dictionary<string, FlowOptions>(StringComparer.Ordinal);

    /// <summary>Queues whose fetch keeps sequences in order (a registered kind with <see cref="SequenceAttribute"/> adds its queue).</summary>
    public ISet<string> SequencedQueues { get; } = new HashSet<string>(StringComparer.Ordinal);
}
