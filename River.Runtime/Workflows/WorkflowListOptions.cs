namespace River;

/// <summary>Which workflows <see cref="RiverClient.ListWorkflowsAsync(WorkflowListOptions, CancellationToken)"/> returns.</summary>
public enum WorkflowListState
{
    /// <summary>Every workflow.</summary>
    All = 0,

    /// <summary>Workflows with a task not in a final state yet (<see cref="WorkflowInfo.FinishedAt"/> is null).</summary>
    Running = 1,

    /// <summary>Workflows whose every task reached a final state.</summary>
    Finished = 2,

    /// <summary>Finished workflows with no task discarded or cancelled.</summary>
    Completed = 3,

    /// <summary>Workflows (finished or not) with a task discarded or cancelled now.</summary>
    Failed = 4,
}

/// <summary>A page of <see cref="RiverClient.ListWorkflowsAsync(WorkflowListOptions, CancellationToken)"/>: newest first, by keyset.</summary>
public sealed record WorkflowListOptions
{
    /// <summary>Workflows per page: 1 to <see cref="RiverClient.MaxWorkflowListLimit"/>; 100 by default.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Which workflows to return; <see cref="WorkflowListState.All"/> by default.</summary>
    public WorkflowListState State { get; init; }

    /// <summary>The <see cref="WorkflowListResult.NextCursor"/> of the page before, or null for the newest workflows.</summary>
    public string? After { get; init; }
}

/// <summary>One page of workflows (without their tasks) and where the next page starts.</summary>
/// <param name="Workflows">The workflows, newest first (by created time, then id).</param>
/// <param name="NextCursor">
/// Pass it as <see cref="WorkflowListOptions.After"/> for the next page; null when no workflow is left to look at. A
/// call looks at <see cref="RiverClient.WorkflowListScanLimit"/> workflows at most (a state filter that matches few
/// would otherwise read the whole table), so a page can hold fewer than the limit while a cursor still follows.
/// </param>
/// <param name="ScanLimited">Whether this page stopped at the scan limit before it was full (more may match after <paramref name="NextCursor"/>).</param>
public sealed record WorkflowListResult(IReadOnlyList<WorkflowInfo> Workflows, string? NextCursor, bool ScanLimited);
