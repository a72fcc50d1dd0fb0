using River.Diagnostics;
using River.Services;

namespace River.Maintenance;

/// <summary>
/// What one rescue batch did (<see cref="JobRescuer.RescueRowsAsync"/>), reported by <see cref="Report"/> only after its
/// transaction committed, so a batch the fence refused (or that failed to commit) is never counted: the metric
/// <c>river.jobs.rescued</c> by cause and resulting state, and one <see cref="RiverEventKind.JobsRescued"/> event per
/// client (the last of <c>attempted_by</c>) and cause, and one <see cref="RiverEventKind.WorkflowFinished"/> per workflow
/// whose last task the rescue finalized.
/// </summary>
internal sealed class RescueOutcome
{
    private readonly List<(long Id, string? Owner, RescueCause Cause, JobState State)> _jobs = [];

    public int Count => _jobs.Count;

    public int Retryable { get; private set; }

    public int Discarded { get; private set; }

    public int Cancelled { get; private set; }

    /// <summary>The workflows whose last task this rescue finalized (discarded or cancelled), finished in its transaction.</summary>
    public IReadOnlyList<(string Id, string Name)> FinishedWorkflows { get; set; } = [];

    public void Add(JobRow row, RescueCause cause, JobState state)
    {
        _jobs.Add((row.Id, row.AttemptedBy.Count > 0 ? row.AttemptedBy[^1] : null, cause, state));
        switch (state)
        {
            case JobState.Retryable: Retryable++; break;
            case JobState.Discarded: Discarded++; break;
            default: Cancelled++; break;
        }
    }

    /// <summary>Counts and publishes the batch (call after the commit).</summary>
    public void Report(ClientContext context)
    {
        foreach (var group in _jobs.GroupBy(j => (j.Cause, j.State)))
        {
            RiverTelemetry.JobsRescued(context.ClientId, group.Key.Cause, group.Key.State, group.Count());
        }

        if (!context.Events.HasSubscribers)
        {
            return;
        }
        Workflows.WorkflowAdvanceResult.PublishFinished(context.Events, FinishedWorkflows);

        foreach (var group in _jobs.GroupBy(j => (j.Owner, j.Cause)).OrderBy(g => g.Min(j => j.Id)))
        {
            context.Events.Publish(new RiverEvent(RiverEventKind.JobsRescued, null, null, "")
            {
                ClientId = group.Key.Owner,
                JobIds = group.Select(j => j.Id).Order().ToArray(),
                RescueCause = group.Key.Cause,
            });
        }
    }
}
