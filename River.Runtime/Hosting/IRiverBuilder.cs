using Microsoft.Extensions.DependencyInjection;

namespace River;

/// <summary>
/// Returned by <c>AddRiver</c>: registers job kinds and workers with the client. The generated
/// <c>AddRiverJobsFromThisAssembly()</c> extension calls <see cref="AddWorker{TArgs}"/> for every worker of an
/// assembly, <see cref="AddBatchWorker{TArgs}"/> for every batch worker, <see cref="AddJob"/> for every args type without one and <see cref="AddPeriodicJob"/> for every
/// <see cref="PeriodicJobAttribute"/>.
/// </summary>
public interface IRiverBuilder
{
    /// <summary>The service collection River is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Registers a job kind that this process inserts but does not work.</summary>
    /// <exception cref="InvalidOperationException">Another args type is already registered under the same kind.</exception>
    IRiverBuilder AddJob(JobDefinition definition);

    /// <summary>Registers a job kind and the factory of its worker (called in the job's DI scope).</summary>
    /// <exception cref="InvalidOperationException">The kind already has a worker, or another args type uses the kind.</exception>
    IRiverBuilder AddWorker<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, Worker<TArgs>> factory) where TArgs : notnull;

    /// <summary>
    /// Registers a job kind and the factory of its batch worker (called once per call, in the call's DI scope), with its
    /// batch size and collection window. The generated registration calls it for every <see cref="BatchWorker{TArgs}"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kind already has a worker, or another args type uses the kind.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A batch setting is out of range.</exception>
    IRiverBuilder AddBatchWorker<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, BatchWorker<TArgs>> factory, BatchWorkerOptions? options = null) where TArgs : notnull;

    /// <summary>
    /// Registers a periodic job: it is added to <see cref="RiverClientOptions.PeriodicJobs"/> when the options are
    /// built. The generated <c>AddRiverJobsFromThisAssembly()</c> calls it for every <see cref="PeriodicJobAttribute"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A periodic job with the same id is already registered on this builder.</exception>
    IRiverBuilder AddPeriodicJob(PeriodicJob job);
}
