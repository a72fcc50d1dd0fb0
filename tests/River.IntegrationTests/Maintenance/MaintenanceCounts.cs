using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace River.IntegrationTests.Maintenance;

/// <summary>
/// Listens to <c>river.maintenance.jobs</c> and sums its measurements by client, service and action (the listener is
/// process-wide, so tests look only at their own client's counts).
/// </summary>
internal sealed class MaintenanceCounts : IDisposable
{
    private readonly MeterListener _listener;

    public MaintenanceCounts()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RiverDiagnostics.MeterName && instrument.Name == RiverDiagnostics.InstrumentMaintenanceJobs)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? client = null, service = null, action = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "river.client.id": client = tag.Value as string; break;
                    case "river.maintenance.service": service = tag.Value as string; break;
                    case "river.maintenance.action": action = tag.Value as string; break;
                }
            }
            Sums.AddOrUpdate((client!, service!, action!), value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>The sums so far.</summary>
    public ConcurrentDictionary<(string Client, string Service, string Action), long> Sums { get; } = new();

    public void Dispose() => _listener.Dispose();
}
