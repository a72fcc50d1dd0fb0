namespace River;

/// <summary>
/// Pairs a job kind with the factory of its worker. The client keeps one per kind it works; generated
/// registration code creates them, and tests or hand-wired apps can too.
/// </summary>
public abstract class WorkerRegistration
{
    private protected WorkerRegistration() { }

    /// <summary>The job kind's definition.</summary>
    public abstract JobDefinition Definition { get; }

    /// <summary>Decodes the args, creates the worker in <paramref name="services"/> and runs one attempt.</summary>
    internal abstract Task<AttemptResult> RunAsync(JobRow row, IServiceProvider services, AttemptContext context);

    /// <summary>Creates the registration of <typeparamref name="TArgs"/>'s worker.</summary>
    /// <param name="definition">The kind's definition (generated).</param>
    /// <param name="factory">Creates the worker inside the job's service scope; called once per job.</param>
    public static WorkerRegistration<TArgs> Create<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, Worker<TArgs>> factory)
        where TArgs : notnull => new(definition, factory);
}

/// <summary>The registration of the worker of <typeparamref name="TArgs"/>.</summary>
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

    internal override async Task<AttemptResult> RunAsync(JobRow row, IServiceProvider services, AttemptContext context)
    {
        TArgs args;
        try
        {
            args = TypedDefinition.Deserialize(row.EncodedArgs.Span);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            return AttemptResult.Failed(new JobArgsException(row.Kind, e), timedOut: false, nextRetry: null);
        }

        var job = new Job<TArgs>(row, args);
        Worker<TArgs> worker;
        try
        {
            worker = Factory(services);
        }
        catch (Exception e)
        {
            return AttemptResult.Failed(new InvalidOperationException($"Creating the worker of kind '{row.Kind}' failed: {e.Message}", e), timedOut: false, nextRetry: null);
        }

        var timeout = worker.Timeout ?? context.DefaultTimeout;
        using var timeoutCts = timeout == Timeout.InfiniteTimeSpan
            ? CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken)
            : CreateTimeoutSource(timeout, context);
        try
        {
            await worker.WorkAsync(job, timeoutCts.Token).ConfigureAwait(false);
            return AttemptResult.Succeeded(job.Output);
        }
        catch (Exception e)
        {
            var timedOut = e is OperationCanceledException && timeoutCts.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested;
            DateTimeOffset? next = null;
            if (e is not JobSnoozeException and not JobCancelException)
            {
                try { next = worker.NextRetry(job); }
                catch (Exception) { next = null; }
            }
            var error = timedOut ? new TimeoutException($"Job timed out after {timeout}.", e) : e;
            return AttemptResult.Failed(error, timedOut, next);
        }
    }

    private static CancellationTokenSource CreateTimeoutSource(TimeSpan timeout, AttemptContext context)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        cts.CancelAfter(timeout);
        return cts;
    }
}
