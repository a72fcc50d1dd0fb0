namespace River;

/// <summary>A workflow as stored: its row and, from <see cref="RiverClient.GetWorkflowAsync(string, CancellationToken)"/>, its tasks.</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The name.</param>
/// <param name="TaskCount">How many tasks it was inserted with.</param>
/// <param name="Metadata">Its metadata object, as JSON text.</param>
/// <param name="CreatedAt">When it was inserted.</param>
/// <param name="FinishedAt">When its last task reached a final state (completed, cancelled or discarded); null while any task may still run.</param>
/// <param name="Tasks">The tasks in insertion order (empty in lists).</param>
public sealed record WorkflowInfo(string Id, string Name, int TaskCount, string Metadata, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<WorkflowTaskInfo> Tasks)
{
    /// <summary>Whether every task reached a final state.</summary>
    public bool IsFinished => FinishedAt is not null;
}

/// <summary>One task of a stored workflow.</summary>
/// <param name="Name">The task's name.</param>
/// <param name="Job">Its job row (state, attempts, errors, output in <c>metadata.output</c>).</param>
/// <param name="OnFailure">Its failure policy.</param>
/// <param name="DependsOn">The names of its dependencies, in ordinal order.</param>
public sealed record WorkflowTaskInfo(string Name, JobRow Job, WorkflowFailurePolicy OnFailure, IReadOnlyList<string> DependsOn);
