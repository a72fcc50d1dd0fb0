namespace River;

/// <summary>
/// What happens to a workflow task when one of its dependencies ends without completing (discarded after its last
/// attempt, or cancelled). Set per task with <see cref="WorkflowTaskOptions.OnFailure"/>.
/// </summary>
public enum WorkflowFailurePolicy
{
    /// <summary>
    /// The default: the task is cancelled too (and so, transitively, are its own dependents with this policy).
    /// Retrying the failed dependency later does not bring it back; <see cref="RiverClient.RetryWorkflowAsync(string, CancellationToken)"/> does.
    /// </summary>
    Cancel = 0,

    /// <summary>The failed dependency counts as done: the task runs once its other dependencies have completed (its output is absent).</summary>
    RunAnyway = 1,

    /// <summary>
    /// The task stays <see cref="JobState.Pending"/> until the failed dependency is retried (e.g. with
    /// <see cref="RiverClient.RetryJobAsync(long, CancellationToken)"/>) and completes; then the workflow continues.
    /// </summary>
    Wait = 2,
}
