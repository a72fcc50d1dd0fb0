namespace River;

/// <summary>
/// Thrown from a worker to cancel the job for good: it moves to <see cref="JobState.Cancelled"/> with the
/// reason recorded as the attempt's error, and is never retried.
/// </summary>
public sealed class JobCancelException : Exception
{
    /// <summary>Cancels with a reason.</summary>
    public JobCancelException(string reason) : base(reason) { }

    /// <summary>Cancels with a reason and the exception that caused it.</summary>
    public JobCancelException(string reason, Exception innerException) : base(reason, innerException) { }
}
