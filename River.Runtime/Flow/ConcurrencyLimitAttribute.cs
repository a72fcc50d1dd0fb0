namespace River;

/// <summary>
/// Declares a global concurrency limit for a job kind: at most <see cref="MaxRunning"/> of its jobs run at once across
/// every client on the database (per value of <see cref="PartitionBy"/> when given). Enforced by the fetch itself; see
/// docs/flow-control.md.
/// </summary>
/// <remarks>
/// <see cref="RiverClientOptions.Flow"/> (<see cref="FlowControlOptions.Kinds"/>) replaces the attribute's limit for
/// the kind, and an operator's change at run time (<see cref="RiverClient.SetFlowLimitAsync"/>, <c>river limits set</c>)
/// replaces both until it is reset. Analyzer RIVER0053 reports a limit below 1, RIVER0054 a path that names no property.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ConcurrencyLimitAttribute : Attribute
{
    /// <param name="maxRunning">The most jobs of the kind (or of one partition) running at once; at least 1.</param>
    public ConcurrencyLimitAttribute(int maxRunning) => MaxRunning = maxRunning;

    /// <summary>The most jobs running at once; at least 1.</summary>
    public int MaxRunning { get; }

    /// <summary>
    /// A JSON property path into the args (JSON names separated by <c>.</c>, e.g. <c>"customer_id"</c>): the limit then
    /// holds per distinct value at that path (jobs without a value share one partition). <see langword="null"/>: one
    /// limit for the whole kind.
    /// </summary>
    public string? PartitionBy { get; set; }
}
