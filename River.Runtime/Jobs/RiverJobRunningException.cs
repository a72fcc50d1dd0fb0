namespace River;

/// <summary>
/// Thrown by <see cref="RiverClient.DeleteJobAsync(long, CancellationToken)"/> for a running job: a running job is never
/// deleted (its worker would finish into a missing row). Cancel it first, or wait until it finishes.
/// </summary>
public sealed class RiverJobRunningException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public RiverJobRunningException(string message, JobRow job) : base(message)
    {
        Job = job;
    }

    /// <summary>The running job as read.</summary>
    public JobRow Job { get; }
}
