namespace River;

/// <summary>What <see cref="RiverClient.InsertWorkflowAsync(WorkflowBuilder, CancellationToken)"/> inserted.</summary>
/// <param name="Id">The workflow's id.</param>
/// <param name="Tasks">The job of each task, by task name (tasks with dependencies are <see cref="JobState.Pending"/>).</param>
public sealed record WorkflowInsertResult(string Id, IReadOnlyDictionary<string, JobRow> Tasks);
