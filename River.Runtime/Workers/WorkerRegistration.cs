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
}
