using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Flow;

/// <summary>
/// The flow gauges (<c>river.flow.*</c>, <c>river.sequence.*</c>) read through a <see cref="MeterListener"/>: a queue
/// limit of 2 with 2 jobs held running and 3 waiting, a sequence of 3 with its holder and 2 behind it. Listeners are
/// process-wide, so the test's queues have names of their own and only measurements tagged with them are read.
/// </summary>
public sealed class FlowMetricsTests : RuntimeTestBase
{
    private readonly string _limited = "flowmetrics_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _sequenced = "flowmetrics_seq_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task The_gauges_show_running_waiting_the_limit_and_sequences_and_sampling_runs_while_observed()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RiverDiagnostics.MeterName
                && (instrument.Name.StartsWith("river.flow.", StringComparison.Ordinal) || instrument.Name.StartsWith("river.sequence.", StringComparison.Ordinal)))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Value is string text && text.Contains("flowmetrics_", StringComparison.Ordinal))
                {
                    measurements.Enqueue((instrument.Name, value, text));
                }
            }
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await RunRecorder.CreateTableAsync(DataSource);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var twoRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new RunRecorder(DataSource, expected: 5)
        {
            DuringRun = async _ =>
            {
                if (Interlocked.Increment(ref started) == 2)
                {
                    twoRunning.TrySetResult();
                }
                await gate.Task;
            },
        };
        var client = NewClient(o =>
        {
            o.Queues.Add(_limited, 10);
            o.Workers.Add(new PlainWorker(recorder));
            o.Flow.Queues[_limited] = new FlowOptions { MaxRunning = 2 };
            o.Flow.SequencedQueues.Add(_sequenced); // not worked here: its jobs stay waiting
        });
        client.FlowSampler.Sampled.Init();
        await client.InsertManyAsync(Enumerable.Range(0, 5).Select(i => JobInsertRequest.Create(new PlainArgs(i), new InsertOptions { Queue = _limited })));
        await client.InsertManyAsync(Enumerable.Range(0, 3).Select(i => JobInsertRequest.Create(new PlainArgs(i), new InsertOptions { Queue = _sequenced, SequenceKey = "order-1" })));
        await client.StartAsync();
        try
        {
            // Observed: the sampler's loop samples at once (it sleeps its 10 s interval only after a sample).
            await client.FlowSampler.Sampled.WaitAsync(TimeSpan.FromSeconds(30));
            await twoRunning.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await client.FlowSampler.SampleAsync(CancellationToken.None);
            measurements.Clear();
            listener.RecordObservableInstruments();

            var scope = "queue:" + _limited;
            Assert.Equal(2, Single(measurements, RiverDiagnostics.InstrumentFlowRunning, scope));
            Assert.Equal(3, Single(measurements, RiverDiagnostics.InstrumentFlowWaiting, scope));
            Assert.Equal(2, Single(measurements, RiverDiagnostics.InstrumentFlowMaxRunning, scope));
            Assert.DoesNotContain(measurements, m => m.Instrument == RiverDiagnostics.InstrumentFlowTokens && m.Tag == scope); // no rate limit
            Assert.Equal(1, Single(measurements, RiverDiagnostics.InstrumentSequencesActive, _sequenced));
            Assert.Equal(2, Single(measurements, RiverDiagnostics.InstrumentSequencesWaiting, _sequenced));
        }
        finally
        {
            gate.TrySetResult();
            await recorder.AllDone.WaitAsync(TimeSpan.FromSeconds(30));
            await client.StopAsync();
        }

        // A stopped client is no longer observed.
        measurements.Clear();
        listener.RecordObservableInstruments();
        Assert.DoesNotContain(measurements, m => m.Tag == "queue:" + _limited);
    }

    private static double Single(IEnumerable<(string Instrument, double Value, string Tag)> measurements, string instrument, string tag)
        => Assert.Single(measurements, m => m.Instrument == instrument && m.Tag == tag).Value;
}
