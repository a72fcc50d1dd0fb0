using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace River;

/// <summary>Registers River.Typed in a service collection.</summary>
public static class RiverServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="RiverClient"/> (also as <see cref="IRiverInserter"/>, for code that only
    /// enqueues) configured through the options pattern
    /// (<see cref="IOptions{TOptions}"/> of <see cref="RiverClientOptions"/>), and a hosted service that starts it with
    /// the host and stops it (gracefully, then cancelling jobs when the host's shutdown timeout runs out). Chain
    /// <c>.AddRiverJobsFromThisAssembly()</c> to register the generated workers and <c>[PeriodicJob]</c> schedules.
    /// </summary>
    /// <remarks>
    /// <para>Further <c>services.Configure&lt;RiverClientOptions&gt;(…)</c> calls apply too. After them, defaults
    /// come from the container: <see cref="RiverClientOptions.DataSource"/> from a registered
    /// <see cref="NpgsqlDataSource"/>, <see cref="RiverClientOptions.Services"/> is the application's service
    /// provider (one scope per job) and <see cref="RiverClientOptions.LoggerFactory"/> the registered
    /// <see cref="ILoggerFactory"/>.</para>
    /// <para>Options are validated with <see cref="RiverClientOptions.Validate"/> when the host starts (and when the
    /// client is first resolved): an invalid setting fails the start with an <see cref="OptionsValidationException"/>
    /// listing every problem.</para>
    /// <para>Call it once per service collection (a second call throws <see cref="InvalidOperationException"/>).</para>
    /// </remarks>
    public static IRiverBuilder AddRiver(this IServiceCollection services, Action<RiverClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddRiver((options, _) => configure(options));
    }

    /// <summary>
    /// Like <see cref="AddRiver(IServiceCollection, Action{RiverClientOptions})"/>, configured from a configuration
    /// section, e.g. <c>services.AddRiver(builder.Configuration.GetSection("River"))</c> with
    /// <c>"River": { "ConnectionString": "postgres://…", "Queues": { "default": { "MaxWorkers": 10 } } }</c>. Every
    /// option that configuration can express is read: <c>ConnectionString</c> (a <c>postgres://</c> URL or a keyword
    /// connection string; River creates and disposes the data source), <c>Schema</c>, <c>ClientId</c>,
    /// <c>JobTimeout</c>, <c>MaxAttempts</c>, <c>FetchCooldown</c>, <c>FetchPollInterval</c>, <c>PollOnly</c>,
    /// <c>PrepareStatements</c>, <c>Queues:&lt;name&gt;:MaxWorkers|FetchCooldown|FetchPollInterval</c> and every
    /// <see cref="MaintenanceOptions"/> property under <c>Maintenance</c> (<c>ReindexerSchedule</c> as a cron text).
    /// Time spans are written <c>hh:mm:ss</c>.
    /// </summary>
    /// <remarks>
    /// The section is bound by the configuration binder's source generator (no reflection; NativeAOT-safe). Binding
    /// problems — a key River does not read, a value that does not convert, a queue without <c>MaxWorkers</c> — fail the
    /// host's start with an <see cref="OptionsValidationException"/>, together with the same validation messages as
    /// options set in code. <paramref name="configure"/> runs after the section is applied (code wins).
    /// </remarks>
    public static IRiverBuilder AddRiver(this IServiceCollection services, IConfiguration section, Action<RiverClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var builder = services.AddRiver((options, _) =>
        {
            RiverConfigurationBinding.Apply(section, options);
            configure?.Invoke(options);
        });
        services.AddSingleton(new RiverOwnedDataSource(() => RiverConfigurationBinding.ConnectionString(section)));
        return builder;
    }

    /// <summary>
    /// Like <see cref="AddRiver(IServiceCollection, Action{RiverClientOptions})"/>, with the database given as a
    /// <c>postgres://user:password@host:port/db</c> URL or an Npgsql keyword connection string (read by
    /// <see cref="DatabaseUrl"/>): River creates the <see cref="NpgsqlDataSource"/> and disposes it with the container.
    /// A <see cref="RiverClientOptions.DataSource"/> set in <paramref name="configure"/> wins.
    /// </summary>
    /// <remarks>An address that is neither fails the host's start with a message naming the bad part (never the password).</remarks>
    public static IRiverBuilder AddRiver(this IServiceCollection services, string databaseUrl, Action<RiverClientOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseUrl);
        var builder = services.AddRiver((options, _) => configure?.Invoke(options));
        services.AddSingleton(new RiverOwnedDataSource(() => databaseUrl));
        return builder;
    }

    /// <summary>
    /// Like <see cref="AddRiver(IServiceCollection, Action{RiverClientOptions})"/>, with the application's service
    /// provider at hand (e.g. to read configuration or resolve a data source).
    /// </summary>
    public static IRiverBuilder AddRiver(this IServiceCollection services, Action<RiverClientOptions, IServiceProvider> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(RiverMarker)))
        {
            throw new InvalidOperationException(
                "AddRiver was already called on this service collection; one registration configures the client. Add settings with services.Configure<RiverClientOptions>(...).");
        }
        services.AddSingleton<RiverMarker>();
        var workers = new RiverWorkers();
        var periodicJobs = new List<PeriodicJob>();
        services.AddOptions<RiverClientOptions>()
            .Configure(options => options.Workers = workers)
            .Configure<IServiceProvider>(configure)
            .Configure(options => AddPeriodicJobs(options, periodicJobs))
            .PostConfigure<IServiceProvider>((options, sp) =>
            {
                if (options.Workers is not null && !ReferenceEquals(options.Workers, workers))
                {
                    foreach (var definition in workers.Definitions)
                    {
                        options.Workers.AddJob(definition);
                    }
                }
                options.DataSource ??= OwnedDataSource(options, sp) ?? sp.GetService<NpgsqlDataSource>();
                options.Services ??= sp;
                options.LoggerFactory ??= sp.GetService<ILoggerFactory>();
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RiverClientOptions>, RiverClientOptionsValidator>());
        services.TryAddSingleton(sp => new RiverClient(sp.GetRequiredService<IOptions<RiverClientOptions>>().Value));
        services.TryAddSingleton<IRiverInserter>(sp => sp.GetRequiredService<RiverClient>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RiverHostedService>());
        return new RiverBuilder(services, workers, periodicJobs);
    }

    /// <summary>River's own data source (from an address given to <c>AddRiver</c>); a bad address is a configuration problem.</summary>
    private static NpgsqlDataSource? OwnedDataSource(RiverClientOptions options, IServiceProvider sp)
    {
        try
        {
            return sp.GetService<RiverOwnedDataSource>()?.Get();
        }
        catch (FormatException e)
        {
            options.BindingProblems.Add($"ConnectionString: {e.Message} Give a postgres://user:password@host:port/database URL or an Npgsql connection string (Host=…;Database=…).");
            return null;
        }
    }

    /// <summary>Adds the builder's periodic jobs after the user's configuration; a clash with one added there is an error.</summary>
    private static void AddPeriodicJobs(RiverClientOptions options, List<PeriodicJob> periodicJobs)
    {
        foreach (var job in periodicJobs)
        {
            if (options.PeriodicJobs.Contains(job.Id))
            {
                throw new InvalidOperationException(
                    $"The periodic job id '{job.Id}' is registered twice: on the River builder (AddPeriodicJob or a generated [PeriodicJob] registration) and in RiverClientOptions.PeriodicJobs. Ids must be unique; remove one or give it another id.");
            }
            options.PeriodicJobs.Add(job);
        }
    }

    /// <summary>Marks a service collection that <c>AddRiver</c> has configured.</summary>
    private sealed class RiverMarker;

    private sealed class RiverBuilder(IServiceCollection services, RiverWorkers workers, List<PeriodicJob> periodicJobs) : IRiverBuilder
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

        public IRiverBuilder AddBatchWorker<TArgs>(JobDefinition<TArgs> definition, Func<IServiceProvider, BatchWorker<TArgs>> factory, BatchWorkerOptions? options = null)
            where TArgs : notnull
        {
            workers.AddBatch(definition, factory, options);
            return this;
        }

        public IRiverBuilder AddPeriodicJob(PeriodicJob job)
        {
            ArgumentNullException.ThrowIfNull(job);
            if (periodicJobs.Exists(j => j.Id == job.Id))
            {
                throw new InvalidOperationException(
                    $"A periodic job with id '{job.Id}' is already registered on this River builder; ids must be unique across the assembly and the job libraries it references (set [PeriodicJob(Id = ...)] to tell them apart).");
            }
            periodicJobs.Add(job);
            return this;
        }
    }
}
