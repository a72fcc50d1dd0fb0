namespace River;

/// <summary>
/// Puts the jobs of a kind in sequences: jobs with the same sequence key run one at a time, in insertion order (by job
/// id), across every client. The key is the kind and the value at <see cref="By"/> in the args (or all the kind's jobs
/// when <see cref="By"/> is <see langword="null"/>); <see cref="InsertOptions.SequenceKey"/> overrides it per job.
/// </summary>
/// <remarks>
/// The kind's default queue (<see cref="JobArgsAttribute.Queue"/>) becomes a sequenced queue in every client that
/// registers the kind. Inserting a sequenced job into a queue no client declared sequenced throws. See docs/flow-control.md.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SequenceAttribute : Attribute
{
    /// <summary>A JSON property path into the args whose value names the sequence (e.g. <c>"order_id"</c>); <see langword="null"/>: one sequence for the kind.</summary>
    public string? By { get; set; }

    /// <summary>What a failed job waiting for its retry does to its sequence (default <see cref="SequenceFailurePolicy.Block"/>).</summary>
    public SequenceFailurePolicy OnFailure { get; set; }
}
