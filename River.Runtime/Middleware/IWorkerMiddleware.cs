namespace River;

/// <summary>
/// Runs around a job's work. Middleware sees the raw row before its args are decoded, can run code before and
/// after <c>next</c>, can throw to fail the attempt, or skip <c>next</c> (the attempt then
/// completes without running the worker).
/// </summary>
/// <remarks>
/// Order: client-wide middleware (<see cref="RiverClientOptions.WorkerMiddleware"/>, first registered = outermost),
/// then the worker's own (<see cref="Worker{TArgs}.Middleware"/>), then the args are decoded and the worker runs.
/// The job's timeout covers the whole chain.
/// </remarks>
public interface IWorkerMiddleware
{
    /// <summary>Works the job by calling <c>next</c>.</summary>
    Task WorkAsync(JobRow job, Func<CancellationToken, Task> next, CancellationToken cancellationToken);
}
