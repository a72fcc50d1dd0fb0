using River.Database.Queries;
using River.Maintenance;

namespace River;

// The client-side wiring of the leader's maintenance services: the elector calls
// Maintenance.OnLeadershipChangedAsync(isLeader, ct); StopAsync calls StopMaintenanceAsync.
public sealed partial class RiverClient
{
    /// <summary>The maintenance services of this client (created on first use; they run only while it leads).</summary>
    internal MaintenanceCoordinator Maintenance
    {
        get
        {
            lock (_maintenanceGate)
            {
                return _maintenance ??= CreateMaintenance();
            }
        }
    }

    /// <summary>Hook for <see cref="StopAsync(CancellationToken)"/>: stops the services if they run. Safe when they never started.</summary>
    internal Task StopMaintenanceAsync()
    {
        MaintenanceCoordinator? maintenance;
        lock (_maintenanceGate)
        {
            maintenance = _maintenance;
        }
        return maintenance?.StopAsync() ?? Task.CompletedTask;
    }

    private MaintenanceCoordinator CreateMaintenance()
    {
        var context = new MaintenanceContext(_context, _sql.Maintenance);
        return MaintenanceCoordinator.Create(context, _sql, _options.PeriodicJobs, _options.RetryPolicy, _options.MaxAttempts, WakeQueues,
            (job, write, ct) => InsertPipelineAsync([job], write, ct), _declarations);
    }

    /// <summary>Wakes this client's producers of <paramref name="queues"/> (jobs just became available there).</summary>
    private void WakeQueues(IReadOnlyCollection<string> queues)
    {
        foreach (var queue in queues)
        {
            if (_producers.TryGetValue(queue, out var producer))
            {
                producer.Wake();
            }
        }
    }
}
