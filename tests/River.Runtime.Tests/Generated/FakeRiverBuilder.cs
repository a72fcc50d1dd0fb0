using Microsoft.Extensions.DependencyInjection;

namespace River.Runtime.Tests.Generated;

/// <summary>Records what generated registration code asks for.</summary>
internal sealed class FakeRiverBuilder : IRiverBuilder
{
    public IServiceCollection Services { get; } = new ServiceCollection();

    public List<JobDefinition> Jobs { get; } = [];

    public Dictionary<Type, (JobDefinition Definition, Delegate Factory)> Workers { get; } = [];

    public IRiverBuilder AddJob(JobDefinition definition)
    {
        Jobs.Add(definition);
        return this;
    }

    public IRiverBuilder AddWorker<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, Worker<TArgs>> factory) where TArgs : notnull
    {
        Workers.Add(typeof(TArgs), (definition, factory));
        return this;
    }

    public Dictionary<Type, (JobDefinition Definition, Delegate Factory, BatchWorkerOptions? Options)> BatchWorkers { get; } = [];

    public IRiverBuilder AddBatchWorker<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, BatchWorker<TArgs>> factory, BatchWorkerOptions? options = null)
        where TArgs : notnull
    {
        BatchWorkers.Add(typeof(TArgs), (definition, factory, options));
        return this;
    }

    public List<PeriodicJob> PeriodicJobs { get; } = [];

    public IRiverBuilder AddPeriodicJob(PeriodicJob job)
    {
        PeriodicJobs.Add(job);
        return this;
    }

    public Worker<TArgs> Create<TArgs>(IServiceProvider services) where TArgs : notnull
        => ((Func<IServiceProvider, Worker<TArgs>>)Workers[typeof(TArgs)].Factory)(services);

    public BatchWorker<TArgs> CreateBatch<TArgs>(IServiceProvider services) where TArgs : notnull
        => ((Func<IServiceProvider, BatchWorker<TArgs>>)BatchWorkers[typeof(TArgs)].Factory)(services);
}
