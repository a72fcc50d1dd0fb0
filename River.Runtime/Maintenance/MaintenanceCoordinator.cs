using Microsoft.Extensions.Logging;
using River.Periodic;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// Starts the leader-only services when this client gains leadership and stops them when it loses it. Leader
/// election calls <see cref="OnLeadershipChangedAsync"/>; the client calls <see cref="StopAsync"/> when it stops.
/// Calls are serialized; repeating the current state is a no-op.
/// </summary>
/// <remarks>
/// Start order (River's, plus the heartbeat rescue): periodic job enqueuer, queue cleaner, job cleaner, reindexer, rescuer,
/// client rescuer, scheduler.
/// Stop order is the reverse, and each service's current run is cancelled and awaited before the next stops, so
/// once a loss of leadership has been handled no maintenance statement of this client is in flight.
/// </remarks>
internal sealed class MaintenanceCoordinator
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private bool _leading;

    public MaintenanceCoordinator(IReadOnlyList<MaintenanceService> services, ILogger logger)
    {
        Services = services;
        _logger = logger;
    }

    /// <summary>Builds the services of a client from its options, in start order.</summary>
    public static MaintenanceCoordinator Create(MaintenanceContext context, Database.Queries.SchemaSql schemaSql, PeriodicJobCollection periodicJobs,
        IRetryPolicy? retryPolicy, int defaultMaxAttempts, Action<IReadOnlyCollection<string>>? queuesMadeAvailable,
        PeriodicJobEnqueuer.InsertPipeline? insertPipeline = null, CodeDeclarations? declarations = null)
    {
        var services = new List<MaintenanceService>
        {
            new PeriodicJobEnqueuer(context, schemaSql, periodicJobs, defaultMaxAttempts, queuesMadeAvailable, insertPipeline, declarations),
            new QueueCleaner(context),
            new JobCleaner(context),
            new WorkflowCleaner(context),
        };
        if (context.Options.ReindexerEnabled)
        {
            services.Add(new Reindexer(context));
        }
        var rescuer = new JobRescuer(context, retryPolicy);
        services.Add(rescuer);
        services.Add(new ClientRescuer(context, rescuer));
        services.Add(new JobScheduler(context, queuesMadeAvailable));
        return new MaintenanceCoordinator(services, context.Logger);
    }

    /// <summary>The services, in start order.</summary>
    public IReadOnlyList<MaintenanceService> Services { get; }

    /// <summary>Whether the services run (this client leads).</summary>
    public bool IsLeading => Volatile.Read(ref _leading);

    /// <summary>The service of type <typeparamref name="T"/>, or null (tests).</summary>
    public T? Get<T>() where T : MaintenanceService => Services.OfType<T>().FirstOrDefault();

    /// <summary>
    /// Starts every service (in order) when <paramref name="isLeader"/> becomes true; stops them (in reverse order)
    /// when it becomes false. Returns once they have all started or stopped.
    /// </summary>
    public async Task OnLeadershipChangedAsync(bool isLeader, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (isLeader == _leading)
            {
                return;
            }
            if (isLeader)
            {
                foreach (var service in Services)
                {
                    await service.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                Volatile.Write(ref _leading, true);
                MaintenanceLog.Leadership(_logger, "started", string.Join(", ", Services.Select(s => s.Name)));
            }
            else
            {
                await StopServicesAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops every service (the client is stopping). Idempotent; safe before any start.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await StopServicesAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopServicesAsync()
    {
        var wasLeading = _leading;
        for (var i = Services.Count - 1; i >= 0; i--)
        {
            await Services[i].StopAsync().ConfigureAwait(false);
        }
        foreach (var enqueuer in Services.OfType<PeriodicJobEnqueuer>())
        {
            enqueuer.Reset();
        }
        Volatile.Write(ref _leading, false);
        if (wasLeading)
        {
            MaintenanceLog.Leadership(_logger, "stopped", string.Join(", ", Services.Select(s => s.Name)));
        }
    }
}
