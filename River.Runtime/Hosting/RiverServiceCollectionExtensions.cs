using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace River;

/// <summary>Registers River.Typed in a service collection.</summary>
public static class RiverServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="RiverClient"/> configured by <paramref name="configure"/>, and a hosted
    /// service that starts it with the host and stops it (gracefully, then cancelling jobs when the host's
    /// shutdown timeout runs out). Chain <c>.AddRiverJobsFromThisAssembly()</c> to register the generated workers.
    /// </summary>
    /// <remarks>
    /// The client's <see cref="RiverClientOptions.Services"/> is the application's service provider (one scope
    /// per job) and <see cref="RiverClientOptions.LoggerFactory"/> defaults to the registered
    /// <see cref="ILoggerFactory"/>. Options are validated when the client is first resolved.
    /// </remarks>
    public static IRiverBuilder AddRiver(this IServiceCollection services, Action<RiverClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var workers = new RiverWorkers();
        services.AddSingleton(sp =>
        {
            var options = new RiverClientOptions { Workers = workers };
            configure(options);
            if (!ReferenceEquals(options.Workers, workers))
            {
                foreach (var definition in workers.Definitions)
                {
                    options.Workers.AddJob(definition);
                }
            }
            options.Services ??= sp;
            options.LoggerFactory ??= sp.GetService<ILoggerFactory>();
            return new RiverClient(options);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RiverHostedService>());
        return new RiverBuilder(services, workers);
    }

    private sealed class RiverBuilder(IServiceCollection services, RiverWorkers workers) : IRiverBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IRiverBuilder AddJob(JobDefinition definition)
        {
            workers.AddJob(definition);
            return this;
        }

        public IRiverBuilder AddWorker<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, Worker<TArgs>> factory) where TArgs : notnull
        {
            workers.Add(definition, factory);
            return this;
        }
    }
}
