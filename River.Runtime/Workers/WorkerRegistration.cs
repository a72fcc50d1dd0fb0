using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace River;

/// <summary>
/// Pairs a job kind with the factory of its worker. The client keeps one per kind it works; generated
/// registration code creates them, and tests or hand-wired apps can too.
/// </summary>
/// <remarks>Generator plumbing: hidden from IntelliSense (generated <c>AddRiverJobsFromThisAssembly</c> creates them).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class WorkerRegistration
{
    private protected WorkerRegistration() { }

    /// <summary>The job kind's definition.</summary>
    public abstract JobDefinition Definition { get; }

    /// <summary>Decodes the args, creates the worker in <paramref name="services"/> and runs one attempt.</summary>
    internal abstract ValueTask<AttemptResult> RunAsync(JobRow row, IServiceProvider services, AttemptContext context);

    /// <summary>How the kind's jobs are grouped into calls when its worker is a <see cref="BatchWorker{TArgs}"/>; null for a <see cref="Worker{TArgs}"/>.</summary>
    internal virtual BatchWorkerOptions? BatchOptions => null;

    /// <summary>
    /// Runs one call of a batch worker over <paramref name="rows"/> (only when <see cref="BatchOptions"/> is set):
    /// <paramref name="jobs"/> are the jobs' own cancellation sources (remote cancel), <paramref name="context"/>'s the
    /// call's (timeout, hard stop). Returns one result per row, in order.
    /// </summary>
    internal virtual ValueTask<AttemptResult[]> RunBatchAsync(JobRow[] rows, River.Execution.AttemptCancellation[] jobs, IServiceProvider services, AttemptContext context)
        => throw new NotSupportedException($"Kind '{Definition.Kind}' has a single-job worker; it is not worked in batches.");

    /// <summary>Decodes the args; a failure becomes a <see cref="JobArgsException"/> naming the kind.</summary>
    private protected static Job<TArgs> CreateJob<TArgs>(JobDefinition<TArgs> definition, JobRow row) where TArgs : notnull
    {
        TArgs args;
        try
        {
            args = definition.Deserialize(row.EncodedArgs.Span);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new JobArgsException(row.Kind, e);
        }
        return new Job<TArgs>(row, args);
    }

    /// <summary>Builds the middleware chain: client-wide (outermost first), then the worker's, then <paramref name="innermost"/>.</summary>
    private protected static Func<CancellationToken, Task> Pipeline(IReadOnlyList<IWorkerMiddleware> global, IReadOnlyList<IWorkerMiddleware> own,
        JobRow row, Func<CancellationToken, Task> innermost)
    {
        var next = innermost;
        for (var i = own.Count - 1; i >= 0; i--)
        {
            next = Wrap(own[i], row, next);
        }
        for (var i = global.Count - 1; i >= 0; i--)
        {
            next = Wrap(global[i], row, next);
        }
        return next;

        static Func<CancellationToken, Task> Wrap(IWorkerMiddleware middleware, JobRow row, Func<CancellationToken, Task> next)
            => ct => middleware.WorkAsync(row, next, ct);
    }

    private protected static async Task RunWorkBeginHooksAsync(IReadOnlyList<IRiverHook> hooks, JobRow row, CancellationToken ct)
    {
        for (var i = 0; i < hooks.Count; i++)
        {
            if (hooks[i] is IWorkBeginHook begin)
            {
                await begin.OnWorkBeginAsync(row, ct).ConfigureAwait(false);
            }
        }
    }

    private protected static async Task RunWorkEndHooksAsync(IReadOnlyList<IRiverHook> hooks, JobRow row, Exception? error, CancellationToken ct)
    {
        for (var i = 0; i < hooks.Count; i++)
        {
            if (hooks[i] is IWorkEndHook end)
            {
                await end.OnWorkEndAsync(row, error, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Creates the registration of <typeparamref name="TArgs"/>'s worker.</summary>
    /// <param name="definition">The kind's definition (generated).</param>
    /// <param name="factory">Creates the worker inside the job's service scope; called once per job.</param>
    public static WorkerRegistration<TArgs> Create<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, Worker<TArgs>> factory)
        where TArgs : notnull => new(definition, factory);
}

/// <summary>The registration of the worker of <typeparamref name="TArgs"/>.</summary>
/// <remarks>Generator plumbing: hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WorkerRegistration<TArgs> : WorkerRegistration where TArgs : notnull
{
    internal WorkerRegistration(JobDefinition<TArgs> definition, Func<IServiceProvider, Worker<TArgs>> factory)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(factory);
        TypedDefinition = definition;
        Factory = factory;
    }

    /// <inheritdoc />
    public override JobDefinition Definition => TypedDefinition;

    /// <summary>The typed definition.</summary>
    public JobDefinition<TArgs> TypedDefinition { get; }

    /// <summary>The worker factory.</summary>
    public Func<IServiceProvider, Worker<TArgs>> Factory { get; }

    // Pooled: an attempt that completes asynchronously reuses a state machine box instead of allocating one per job.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal override async ValueTask<AttemptResult> RunAsync(JobRow row, IServiceProvider services, AttemptContext context)
    {
        Worker<TArgs> worker;
        try
        {
            worker = Factory(services);
        }
        catch (Exception e)
        {
            return AttemptResult.Failed(new InvalidOperationException($"Creating the worker of kind '{row.Kind}' failed: {e.Message}", e), timedOut: false, nextRetry: null);
        }

        // The timeout is armed on the attempt's own source (no linked source, no registration): it is disposed with
        // the attempt, which stops the timer.
        var timeout = worker.Timeout ?? context.DefaultTimeout;
        var cancellation = context.Cancellation;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            cancellation.CancelAfter(timeout);
        }
        var ct = cancellation.Token;
        var workerHooks = worker.Hooks;
        Job<TArgs>? job = null;
        Exception? error = null;
        try
        {
            await RunWorkBeginHooksAsync(context.Hooks, row, ct).ConfigureAwait(false);
            await RunWorkBeginHooksAsync(workerHooks, row, ct).ConfigureAwait(false);
            var ownMiddleware = worker.Middleware;
            if (context.Middleware.Count == 0 && ownMiddleware.Count == 0)
            {
                // No middleware: no chain of closures to build.
                job = CreateJob(TypedDefinition, row);
                await worker.WorkAsync(job, ct).ConfigureAwait(false);
            }
            else
            {
                var created = new StrongBox<Job<TArgs>?>();
                try
                {
                    await RunThroughMiddlewareAsync(context.Middleware, ownMiddleware, worker, row, created, ct).ConfigureAwait(false);
                }
                finally
                {
                    job = created.Value;
                }
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        try
        {
            await RunWorkEndHooksAsync(context.Hooks, row, error, ct).ConfigureAwait(false);
            await RunWorkEndHooksAsync(workerHooks, row, error, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (error is null)
        {
            error = e;
        }

        if (error is null)
        {
            return AttemptResult.Succeeded(job?.Output);
        }
        var timedOut = error is OperationCanceledException && cancellation.TimedOut;
        DateTimeOffset? next = null;
        if (job is not null && error is not JobSnoozeException and not JobCancelException)
        {
            try { next = worker.NextRetry(job); }
            catch (Exception) { next = null; }
        }
        return AttemptResult.Failed(timedOut ? new TimeoutException($"Job timed out after {timeout}.", error) : error, timedOut, next);
    }

    /// <summary>
    /// Runs the worker inside the middleware chain. A method of its own so that the closure it needs is allocated only
    /// when there is middleware; <paramref name="created"/> receives the job once its args are decoded.
    /// </summary>
    private Task RunThroughMiddlewareAsync(IReadOnlyList<IWorkerMiddleware> global, IReadOnlyList<IWorkerMiddleware> own, Worker<TArgs> worker,
        JobRow row, StrongBox<Job<TArgs>?> created, CancellationToken ct)
        => Pipeline(global, own, row, innermost: innerCt =>
        {
            var job = CreateJob(TypedDefinition, row);
            created.Value = job;
            return worker.WorkAsync(job, innerCt);
        })(ct);
}
