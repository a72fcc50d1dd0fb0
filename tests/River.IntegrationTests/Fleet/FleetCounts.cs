using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace River.IntegrationTests.Fleet;

/// <summary>
/// Listens to <c>river.client.events</c> (summed by client and event) and <c>river.jobs.rescued</c> (by leader, cause and
/// state). The listener is process-wide, so tests look only at their own clients' counts.
/// </summary>
internal sealed class FleetCounts : IDisposable
{
    private readonly MeterListener _listener;

    public FleetCounts()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RiverDiagnostics.MeterName
                    && instrument.Name is RiverDiagnostics.InstrumentClientEvents or RiverDiagnostics.InstrumentJobsRescued)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? client = null, @event = null, cause = null, state = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "river.client.id": client = tag.Value as string; break;
                    case "river.client.event": @event = tag.Value as string; break;
                    case "river.rescue.cause": cause = tag.Value as string; break;
                    case "river.job.state": state = tag.Value as string; break;
                }
            }
            var sums = instrument.Name == RiverDiagnostics.InstrumentClientEvents ? ClientEvents : Rescued;
            var key = instrument.Name == RiverDiagnostics.InstrumentClientEvents ? (client!, @event!) : (client!, $"{cause}/{state}");
            sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary><c>river.client.events</c> by (client, event).</summary>
    public ConcurrentDictionary<(string Client, string Event), long> ClientEvents { get; } = new();

    /// <summary><c>river.jobs.rescued</c> by (leader, "cause/state").</summary>
    public ConcurrentDictionary<(string Leader, string CauseAndState), long> Rescued { get; } = new();

    public void Dispose() => _listener.Dispose();
}
