namespace River;

/// <summary>
/// Decides when a failed job runs again. Called once per failed attempt that has attempts left; the job is
/// then stored as <see cref="JobState.Retryable"/> with <c>scheduled_at</c> set to the returned time.
/// Implementations must be thread-safe: executors call them concurrently.
/// </summary>
public interface IRetryPolicy
{
    /// <summary>
    /// The time of the next attempt of <paramref name="job"/>, which has just failed.
    /// </summary>
    /// <param name="job">
    /// The job as it was when the attempt started: <see cref="JobRow.Errors"/> does not yet contain the error
    /// of the attempt that just failed, and <see cref="JobRow.Attempt"/> counts that attempt.
    /// </param>
    /// <param name="now">The current time of the client's clock.</param>
    /// <returns>
    /// The time to retry at. A time at or before <paramref name="now"/> makes the job available again at
    /// once (the scheduler moves it on its next run).
    /// </returns>
    DateTimeOffset NextRetry(JobRow job, DateTimeOffset now);
}
