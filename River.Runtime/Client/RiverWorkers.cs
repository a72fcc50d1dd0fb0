namespace River;

/// <summary>
/// The job kinds a client knows: kinds it works (with a worker factory) and kinds it only inserts. A kind maps
/// to exactly one args type and at most one worker.
/// </summary>
public sealed class RiverWorkers
{
    private readonly Dictionary<string, JobDefinition> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerRegistration> _workers = new(StringComparer.Ordinal);

    /// <summary>Registers a kind this process inserts but does not work. Registering the same definition twice is a no-op.</summary>
    /// <exception cref="InvalidOperationException">Another args type already uses the kind.</exception>
    public RiverWorkers AddJob(JobDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (_definitions.TryGetValue(definition.Kind, out var existing))
        {
            if (existing.ArgsType != definition.ArgsType)
            {
                throw new InvalidOperationException(
                    $"Job kind '{definition.Kind}' is registered twice, for '{existing.ArgsType.FullName}' and '{definition.ArgsType.FullName}'. Kinds must be unique.");
            }
            return this;
        }
        _definitions.Add(definition.Kind, definition);
        return this;
    }

    /// <summary>Registers a kind and its worker factory (called once per job, in the job's service scope).</summary>
    /// <exception cref="InvalidOperationException">The kind already has a worker, or another args type uses it.</exception>
    public RiverWorkers Add<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, Worker<TArgs>> factory) where TArgs : notnull
    {
        AddJob(definition);
        if (_workers.TryGetValue(definition.Kind, out var existing))
        {
            throw new InvalidOperationException(existing.BatchOptions is null
                ? $"Job kind '{definition.Kind}' already has a worker; register one worker per kind."
                : $"Job kind '{definition.Kind}' already has a BatchWorker<{typeof(TArgs).Name}>; a kind has either a Worker<T> or a BatchWorker<T>, not both.");
        }
        _workers.Add(definition.Kind, WorkerRegistration.Create(definition, factory));
        return this;
    }

    /// <summary>Registers a worker instance that is reused for every job (it must be thread-safe).</summary>
    public RiverWorkers Add<TArgs>(Worker<TArgs> worker) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(worker);
        return Add(JobDefinition.For<TArgs>(), _ => worker);
    }

    /// <summary>
    /// Registers a kind and its batch worker's factory (called once per call, in the call's service scope). The
    /// kind's fetched jobs are worked in calls of up to <see cref="BatchWorkerOptions.MaxSize"/> jobs.
    /// </summary>
    /// <param name="definition">The kind's definition.</param>
    /// <param name="factory">Creates the worker of one call.</param>
    /// <param name="options">Batch size and collection window; null for <see cref="BatchWorkerOptions.Default"/>.</param>
    /// <exception cref="InvalidOperationException">The kind already has a worker (single or batch), or another args type uses it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A batch setting is out of range (the message names it and the range).</exception>
    public RiverWorkers AddBatch<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, BatchWorker<TArgs>> factory, BatchWorkerOptions? options = null)
        where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(definition);
        var registration = new BatchWorkerRegistration<TArgs>(definition, factory, options ?? BatchWorkerOptions.Default);
        AddJob(definition);
        if (_workers.TryGetValue(definition.Kind, out var existing))
        {
            throw new InvalidOperationException(existing.BatchOptions is null
                ? $"Job kind '{definition.Kind}' already has a Worker<{typeof(TArgs).Name}>; a kind has either a Worker<T> or a BatchWorker<T>, not both."
                : $"Job kind '{definition.Kind}' already has a worker; register one worker per kind.");
        }
        _workers.Add(definition.Kind, registration);
        return this;
    }

    /// <summary>Registers a batch worker instance that is reused for every call (it must be thread-safe).</summary>
    /// <exception cref="InvalidOperationException">The kind already has a worker.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A batch setting is out of range.</exception>
    public RiverWorkers AddBatch<TArgs>(BatchWorker<TArgs> worker, BatchWorkerOptions? options = null) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(worker);
        return AddBatch(JobDefinition.For<TArgs>(), _ => worker, options);
    }

    /// <summary>The kinds with a worker.</summary>
    public IEnumerable<string> WorkedKinds => _workers.Keys;

    /// <summary>Every known definition.</summary>
    public IEnumerable<JobDefinition> Definitions => _definitions.Values;

    /// <summary>The registrations of batch workers (empty for most clients: the producers then skip batching entirely).</summary>
    internal IEnumerable<WorkerRegistration> BatchWorkers => _workers.Values.Where(static w => w.BatchOptions is not null);

    internal bool TryGetWorker(string kind, out WorkerRegistration? registration) => _workers.TryGetValue(kind, out registration);
}
