namespace River;

/// <summary>How a task of a <see cref="WorkflowBuilder"/> depends on the others and what it does when one fails.</summary>
public sealed class WorkflowTaskOptions
{
    /// <summary>Names of tasks of the same workflow that must complete before this one runs (any order, no repeats needed).</summary>
    public IReadOnlyList<string>? DependsOn { get; init; }

    /// <summary>Tasks of the same workflow that must complete before this one runs (handles returned by <see cref="WorkflowBuilder.Add{TArgs}(string, TArgs, WorkflowTaskOptions?)"/>); a handle of another workflow is refused.</summary>
    public IReadOnlyList<WorkflowTask>? After { get; init; }

    /// <summary>What happens when a dependency is discarded or cancelled (default <see cref="WorkflowFailurePolicy.Cancel"/>).</summary>
    public WorkflowFailurePolicy OnFailure { get; init; } = WorkflowFailurePolicy.Cancel;

    /// <summary>The job's insert options (queue, priority, max attempts, tags, metadata, scheduled time); unique options are refused in a workflow.</summary>
    public InsertOptions? InsertOptions { get; init; }
}
