namespace River;

/// <summary>
/// Works jobs whose args are <typeparamref name="TArgs"/> several at a time: one <see cref="WorkAsync"/> call receives
/// up to <see cref="BatchWorkerOptions.MaxSize"/> fetched jobs of the kind (set with <see cref="BatchSizeAttribute"/>),
/// for bulk e-mail, bulk writes and other work that is cheaper by the hundred. One instance is created per call,
/// inside the call's dependency-injection scope, by the generated registration code. A kind has either a
/// <see cref="Worker{TArgs}"/> or a batch worker, never both.
/// </summary>
/// <remarks>
/// <para>Outcomes: each job of the batch gets exactly one. Record it with <see cref="JobBatch{TArgs}.Complete"/>,
/// <see cref="JobBatch{TArgs}.Fail"/>, <see cref="JobBatch{TArgs}.Snooze"/> or <see cref="JobBatch{TArgs}.Cancel"/>.
/// When the call returns normally, every job without an outcome completes, as a <see cref="Worker{TArgs}"/> that
/// returns completes its job; when it throws (or times out), every job without an outcome fails with that error and
/// is retried by the retry policy like a single job. Outcomes recorded before the throw stand: a job the worker
/// reported done (an e-mail sent) is not worked again because a later one failed.</para>
/// <para>Retries, snoozes, cancellation, discarding after the last attempt, output (<see cref="Job{TArgs}.RecordOutput"/>)
/// and the events of each job are exactly those of single jobs; the outcomes of a call go to the database together.</para>
/// </remarks>
/// <typeparam name="TArgs">A type marked <see cref="JobArgsAttribute"/>.</typeparam>
public abstract class BatchWorker<TArgs> where TArgs : notnull
{
    /// <summary>
    /// How long one call may run before its token is cancelled: it bounds the whole batch. <see langword="null"/> (the
    /// default) uses the client's JobTimeout; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// Jobs without an outcome when it fires fail with a <see cref="TimeoutException"/>.
    /// </summary>
    public virtual TimeSpan? Timeout => null;

    /// <summary>
    /// When to retry a job of the batch after a failed attempt; <see langword="null"/> (the default) uses the client's
    /// retry policy. A time in the past falls back to the client's policy with a warning.
    /// </summary>
    public virtual DateTimeOffset? NextRetry(Job<TArgs> job) => null;

    /// <summary>
    /// Middleware that runs around each job of this worker's batches, inside the client-wide middleware. Default: none.
    /// Each job's chain runs as for a single job; the call starts once every job's chain has reached its innermost
    /// <c>next</c> (a chain that skips <c>next</c> leaves its job out of the call), and each <c>next</c> then returns,
    /// or throws, that job's own outcome.
    /// </summary>
    public virtual IReadOnlyList<IWorkerMiddleware> Middleware => [];

    /// <summary>Hooks for this worker's jobs (run for each job of a batch), after the client-wide hooks. Default: none.</summary>
    public virtual IReadOnlyList<IRiverHook> Hooks => [];

    /// <summary>
    /// Works a batch of jobs. Record an outcome per job on <paramref name="batch"/>, or none: see the class remarks for
    /// what a job without an outcome becomes.
    /// </summary>
    /// <param name="batch">The jobs (1 to the batch size), with typed args, in fetch order.</param>
    /// <param name="cancellationToken">
    /// Cancelled on the call's timeout and on a hard stop of the client. A remote cancel of one job cancels only that
    /// job's token (<see cref="JobBatch{TArgs}.CancellationTokenOf"/>).
    /// </param>
    public abstract Task WorkAsync(JobBatch<TArgs> batch, CancellationToken cancellationToken);
}
