using River.Execution;

namespace River;

/// <summary>
/// The registration of the <see cref="BatchWorker{TArgs}"/> of <typeparamref name="TArgs"/>: its factory (called once
/// per call, in the call's service scope) and its <see cref="BatchWorkerOptions"/>. One call runs the jobs' begin
/// hooks and middleware one job at a time, the worker once for all jobs that reached it, and turns what the batch
/// recorded into one result per job.
/// </summary>
internal sealed class BatchWorkerRegistration<TArgs> : WorkerRegistration where TArgs : notnull
{
    public BatchWorkerRegistration(JobDefinition<TArgs> definition, Func<IServiceProvider, BatchWorker<TArgs>> factory, BatchWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(definition.Kind);
        TypedDefinition = definition;
        Factory = factory;
        Options = options;
    }

    public override JobDefinition Definition => TypedDefinition;

    public JobDefinition<TArgs> TypedDefinition { get; }

    public Func<IServiceProvider, BatchWorker<TArgs>> Factory { get; }

    public BatchWorkerOptions Options { get; }

    internal override BatchWorkerOptions? BatchOptions => Options;

    /// <summary>One job alone (a client's test helper, or any single-job path): a batch of one.</summary>
    internal override async ValueTask<AttemptResult> RunAsync(JobRow row, IServiceProvider services, AttemptContext context)
        => (await RunBatchAsync([row], [context.Cancellation], services, context).ConfigureAwait(false))[0];

    internal override async ValueTask<AttemptResult[]> RunBatchAsync(JobRow[] rows, AttemptCancellation[] jobs, IServiceProvider services, AttemptContext context)
    {
        var results = new AttemptResult[rows.Length];
        BatchWorker<TArgs> worker;
        try
        {
            worker = Factory(services);
        }
        catch (Exception e)
        {
            var error = new InvalidOperationException($"Creating the batch worker of kind '{Definition.Kind}' failed: {e.Message}", e);
            Array.Fill(results, AttemptResult.Failed(error, timedOut: false, nextRetry: null));
            return results;
        }

        var timeout = worker.Timeout ?? context.DefaultTimeout;
        var call = context.Cancellation;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            call.CancelAfter(timeout);
        }
        var ct = call.Token;
        // The jobs' own tokens follow the call's (one registration per call); a remote cancel touches one job only.
        using var link = jobs.Length == 1 && ReferenceEquals(jobs[0], call)
            ? default
            : ct.UnsafeRegister(static state =>
            {
                foreach (var job in (AttemptCancellation[])state!)
                {
                    job.CancelWithBatch();
                }
            }, jobs);

        var workerHooks = worker.Hooks;
        var errors = new Exception?[rows.Length];
        var created = new Job<TArgs>?[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            if (!ReferenceEquals(jobs[i], call) && jobs[i].CancelledByRequest)
            {
                // Cancelled while it waited for its batch: it is left out of the call (the cancel turns this error into
                // the cancelled state, as for a single job).
                errors[i] = new OperationCanceledException($"Job {rows[i].Id} was cancelled before its batch started.");
                continue;
            }
            try
            {
                await RunWorkBeginHooksAsync(context.Hooks, rows[i], ct).ConfigureAwait(false);
                await RunWorkBeginHooksAsync(workerHooks, rows[i], ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        }

        var ownMiddleware = worker.Middleware;
        if (context.Middleware.Count == 0 && ownMiddleware.Count == 0)
        {
            await CallAsync(worker, timeout, jobs, call, created, errors, Decodable(rows, errors, created)).ConfigureAwait(false);
        }
        else
        {
            await CallThroughMiddlewareAsync(context.Middleware, ownMiddleware, worker, timeout, rows, jobs, call, created, errors).ConfigureAwait(false);
        }

        for (var i = 0; i < rows.Length; i++)
        {
            var error = errors[i];
            try
            {
                await RunWorkEndHooksAsync(context.Hooks, rows[i], error, ct).ConfigureAwait(false);
                await RunWorkEndHooksAsync(workerHooks, rows[i], error, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (error is null)
            {
                error = e;
            }
            if (error is null)
            {
                results[i] = AttemptResult.Succeeded(created[i]?.Output);
                continue;
            }
            DateTimeOffset? next = null;
            if (created[i] is { } job && error is not JobSnoozeException and not JobCancelException)
            {
                try { next = worker.NextRetry(job); }
                catch (Exception) { next = null; }
            }
            results[i] = AttemptResult.Failed(error, error is TimeoutException && call.TimedOut, next);
        }
        return results;
    }

    /// <summary>Decodes the args of every job still in the call; a job whose args fail is left out with the error.</summary>
    private List<int> Decodable(JobRow[] rows, Exception?[] errors, Job<TArgs>?[] created)
    {
        var included = new List<int>(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            if (errors[i] is not null)
            {
                continue;
            }
            try
            {
                created[i] = CreateJob(TypedDefinition, rows[i]);
                included.Add(i);
            }
            catch (JobArgsException e)
            {
                errors[i] = e;
            }
        }
        return included;
    }

    /// <summary>
    /// Calls the worker once with the jobs at <paramref name="included"/> and writes each one's outcome into
    /// <paramref name="errors"/>: the recorded one, else the call's error (null when it returned).
    /// </summary>
    private async Task CallAsync(BatchWorker<TArgs> worker, TimeSpan timeout, AttemptCancellation[] jobs, AttemptCancellation call,
        Job<TArgs>?[] created, Exception?[] errors, List<int> included)
    {
        if (included.Count == 0)
        {
            return;
        }
        var batchJobs = new Job<TArgs>[included.Count];
        var tokens = new CancellationToken[included.Count];
        for (var k = 0; k < included.Count; k++)
        {
            batchJobs[k] = created[included[k]]!;
            tokens[k] = jobs[included[k]].Token;
        }
        var batch = new JobBatch<TArgs>(batchJobs, tokens, call.Token);
        Exception? callError = null;
        try
        {
            await worker.WorkAsync(batch, call.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            callError = e is OperationCanceledException && call.TimedOut
                ? new TimeoutException($"The batch of {batchJobs.Length} jobs of kind '{Definition.Kind}' timed out after {timeout}.", e)
                : e;
        }
        batch.Seal();
        for (var k = 0; k < included.Count; k++)
        {
            errors[included[k]] = batch.TryGetOutcome(k, out var recorded) ? recorded : callError;
        }
    }

    /// <summary>
    /// Runs each job's middleware chain; the worker is called once every chain has reached its innermost <c>next</c> or
    /// ended without it, with the jobs whose chains reached it. Each of those <c>next</c> calls then ends with its job's
    /// outcome (returns for a completion, throws the recorded or the call's error otherwise), and what the chain makes
    /// of it is the job's outcome, as for a single job.
    /// </summary>
    private async Task CallThroughMiddlewareAsync(IReadOnlyList<IWorkerMiddleware> global, IReadOnlyList<IWorkerMiddleware> own, BatchWorker<TArgs> worker,
        TimeSpan timeout, JobRow[] rows, AttemptCancellation[] jobs, AttemptCancellation call, Job<TArgs>?[] created, Exception?[] errors)
    {
        var reached = new TaskCompletionSource[rows.Length];
        var outcomes = new TaskCompletionSource[rows.Length];
        var chains = new Task?[rows.Length];
        var waits = new List<Task>(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            if (errors[i] is not null)
            {
                continue;
            }
            var index = i;
            reached[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            outcomes[i] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var chain = Pipeline(global, own, rows[i], innermost: _ =>
            {
                reached[index].TrySetResult();
                return outcomes[index].Task;
            });
            try
            {
                chains[i] = chain(jobs[i].Token);
            }
            catch (Exception e)
            {
                chains[i] = Task.FromException(e);
            }
            waits.Add(Task.WhenAny(reached[i].Task, chains[i]!));
        }
        await Task.WhenAll(waits).ConfigureAwait(false);

        var callErrors = new Exception?[rows.Length];
        var included = new List<int>(rows.Length);
        foreach (var i in Decodable(rows, callErrors, created))
        {
            if (chains[i] is not null && reached[i].Task.IsCompleted)
            {
                included.Add(i);
            }
        }
        for (var i = 0; i < rows.Length; i++)
        {
            if (chains[i] is not null && reached[i].Task.IsCompleted && callErrors[i] is { } decodeError)
            {
                outcomes[i].TrySetException(decodeError); // the args could not be read: the chain sees the JobArgsException
            }
        }
        await CallAsync(worker, timeout, jobs, call, created, callErrors, included).ConfigureAwait(false);
        foreach (var i in included)
        {
            if (callErrors[i] is { } error)
            {
                outcomes[i].TrySetException(error);
            }
            else
            {
                outcomes[i].TrySetResult();
            }
        }
        for (var i = 0; i < rows.Length; i++)
        {
            if (chains[i] is not { } chainTask)
            {
                continue;
            }
            try
            {
                await chainTask.ConfigureAwait(false);
                errors[i] = null;
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        }
    }
}
