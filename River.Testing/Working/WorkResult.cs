namespace River.Testing;

/// <summary>The result of working one job with <see cref="JobWorker{TArgs}"/>.</summary>
public sealed class WorkResult
{
    internal WorkResult(WorkOutcome outcome, JobRow job, AttemptError? error, string? output)
    {
        Outcome = outcome;
        Job = job;
        Error = error;
        Output = output;
    }

    /// <summary>What the attempt came to.</summary>
    public WorkOutcome Outcome { get; }

    /// <summary>The job's row after the outcome was written (inside the test's transaction).</summary>
    public JobRow Job { get; }

    /// <summary>The job's state after the attempt.</summary>
    public JobState State => Job.State;

    /// <summary>The error this attempt recorded (failed, discarded, or cancelled by the worker); <see langword="null"/> otherwise.</summary>
    public AttemptError? Error { get; }

    /// <summary>The output the worker recorded (<c>metadata.output</c>) as JSON text, or <see langword="null"/>.</summary>
    public string? Output { get; }

    /// <summary>When the job runs next (retry or snooze); <see langword="null"/> when it is finalized.</summary>
    public DateTimeOffset? NextRunAt => Job.FinalizedAt is null ? Job.ScheduledAt : null;
}
