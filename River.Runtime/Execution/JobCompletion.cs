namespace River.Execution;

/// <summary>The outcome of one attempt, waiting in the <see cref="BatchCompleter"/> to be written.</summary>
/// <param name="JobId">The job.</param>
/// <param name="State">The state to set (applied only while the row is still running).</param>
/// <param name="FinalizedAt">Set for cancelled, completed and discarded.</param>
/// <param name="ScheduledAt">The next run time for retries and snoozes; null keeps the row's.</param>
/// <param name="ErrorJson">One <c>errors</c> element to append, or null.</param>
/// <param name="Snoozed">Gives the attempt back and increments <c>metadata.snoozes</c>.</param>
/// <param name="MetadataPatchJson">A JSON object merged into <c>metadata</c> (e.g. <c>{"output":…}</c>), or null.</param>
internal readonly record struct JobCompletion(
    long JobId,
    JobState State,
    DateTimeOffset? FinalizedAt,
    DateTimeOffset? ScheduledAt,
    string? ErrorJson,
    bool Snoozed,
    string? MetadataPatchJson)
{
    /// <summary>When the attempt's run started (for event timings).</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the attempt's run finished (for event timings).</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>
    /// The job is a task of a workflow (<c>metadata.workflow_id</c>): the completer advances its workflow in the same
    /// transaction (<see cref="Workflows.WorkflowAdvance"/>). False for every other job, whose write is unchanged.
    /// </summary>
    public bool WorkflowTask { get; init; }

    /// <summary>From the job's due time to the fetch that started this attempt.</summary>
    public TimeSpan QueueWait { get; init; }
}
