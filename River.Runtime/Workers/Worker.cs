namespace River;

/// <summary>
/// Works jobs whose args are <typeparamref name="TArgs"/>. One instance is created per job, inside the
/// job's dependency-injection scope, by the generated registration code.
/// </summary>
/// <typeparam name="TArgs">A type marked <see cref="JobArgsAttribute"/>.</typeparam>
public abstract class Worker<TArgs> where TArgs : notnull
{
    /// <summary>
    /// How long one attempt may run before its token is cancelled. <see langword="null"/> (the default) uses
    /// the client's JobTimeout; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables the timeout.
    /// </summary>
    public virtual TimeSpan? Timeout => null;

    /// <summary>
    /// When to retry after a failed attempt; <see langword="null"/> (the default) uses the client's retry
    /// policy. A time in the past falls back to the client's policy with a warning.
    /// </summary>
    public virtual DateTimeOffset? NextRetry(Job<TArgs> job) => null;

    /// <summary>Middleware that runs around this worker's jobs, inside the client-wide middleware. Default: none.</summary>
    public virtual IReadOnlyList<IWorkerMiddleware> Middleware => [];

    /// <summary>Hooks for this worker's jobs, run after the client-wide hooks. Default: none.</summary>
    public virtual IReadOnlyList<IRiverHook> Hooks => [];

    /// <summary>
    /// Works one job. Return normally to complete it; throw to fail the attempt (it is retried until
    /// MaxAttempts is reached); throw <see cref="JobSnoozeException"/> to run again later without using an
    /// attempt, or <see cref="JobCancelException"/> to stop for good.
    /// </summary>
    /// <param name="job">The job, with typed args.</param>
    /// <param name="cancellationToken">Cancelled on timeout, on a remote cancel and on a hard stop of the client.</param>
    public abstract Task WorkAsync(Job<TArgs> job, CancellationToken cancellationToken);

    /// <summary>Returns an exception that, thrown from <see cref="WorkAsync"/>, snoozes the job for <paramref name="delay"/>.</summary>
    protected static JobSnoozeException Snooze(TimeSpan delay) => new(delay);

    /// <summary>Returns an exception that, thrown from <see cref="WorkAsync"/>, cancels the job for good.</summary>
    protected static JobCancelException Cancel(string reason) => new(reason);
}
