using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using River.Diagnostics;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Diagnostics;

/// <summary>
/// The "River" ActivitySource and Meter: insert / work / complete activities with their tags, the counters and
/// histograms per attempt, the observable gauges. Listeners are process-wide, so each test uses its own queue and
/// looks only at measurements tagged with it.
/// </summary>
public sealed class TelemetryTests : RuntimeTestBase
{
    private readonly string _queue = "telemetry_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Insert_work_and_complete_are_traced_with_messaging_tags()
    {
        var activities = new ConcurrentQueue<Activity>();
        var completeSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RiverDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                activities.Enqueue(activity);
                if (activity.OperationName == "complete")
                {
                    completeSeen.TrySetResult();
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add(_queue, 5); o.Workers.Add(Defs.Script, _ => worker); });
        var outcomes = WaitForOutcomesAsync(client, 2);
        await client.StartAsync();
        var ok = await client.InsertAsync(new ScriptArgs("ok"), new InsertOptions { Queue = _queue });
        var bad = await client.InsertAsync(new ScriptArgs("fail", 7), new InsertOptions { Queue = _queue, MaxAttempts = 1 });
        await outcomes;
        await completeSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var mine = activities.Where(a => Equals(a.GetTagItem("messaging.destination.name"), _queue)).ToList();
        var insert = Assert.Single(mine, a => a.OperationName == "insert " + _queue && Equals(a.GetTagItem("messaging.message.id"), ok.Job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ActivityKind.Producer, insert.Kind);
        Assert.Equal("river", insert.GetTagItem("messaging.system"));
        Assert.Equal("send", insert.GetTagItem("messaging.operation.type"));
        Assert.Equal("test.script", insert.GetTagItem("river.job.kind"));

        var works = mine.Where(a => a.OperationName == "work " + _queue).ToList();
        Assert.Equal(2, works.Count);
        var okWork = Assert.Single(works, a => Equals(a.GetTagItem("messaging.message.id"), ok.Job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ActivityKind.Consumer, okWork.Kind);
        Assert.Equal("process", okWork.GetTagItem("messaging.operation.type"));
        Assert.Equal("test.script", okWork.GetTagItem("river.job.kind"));
        Assert.Equal(1, okWork.GetTagItem("river.job.attempt"));
        Assert.Equal("completed", okWork.GetTagItem("river.job.state"));
        Assert.Equal(ActivityStatusCode.Unset, okWork.Status);
        var badWork = Assert.Single(works, a => Equals(a.GetTagItem("messaging.message.id"), bad.Job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("discarded", badWork.GetTagItem("river.job.state"));
        Assert.Equal(typeof(InvalidOperationException).FullName, badWork.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, badWork.Status);

        var complete = activities.First(a => a.OperationName == "complete");
        Assert.Equal("settle", complete.GetTagItem("messaging.operation.type"));
        Assert.True(complete.GetTagItem("messaging.batch.message_count") is int n && n >= 1);
    }

    [Fact]
    public async Task Each_attempt_joins_the_trace_of_the_insert_on_every_insert_path()
    {
        var stopped = new ConcurrentQueue<Activity>();
        var worksSeen = 0;
        var allWorked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var request = new ActivitySource("River.IntegrationTests.Request");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RiverDiagnostics.ActivitySourceName or "River.IntegrationTests.Request",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                stopped.Enqueue(activity);
                if (activity.OperationName == "work " + _queue && Interlocked.Increment(ref worksSeen) == 2)
                {
                    allWorked.TrySetResult();
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var client = NewClient(o => { o.Queues.Add(_queue, 5); o.Workers.Add(Defs.Script, _ => new ScriptWorker()); });
        await client.StartAsync();
        long single;
        ActivityTraceId traceId;
        using (var span = request.StartActivity("POST /orders")!)
        {
            traceId = span.TraceId;
            single = (await client.InsertAsync(new ScriptArgs("ok"), new InsertOptions { Queue = _queue, Metadata = """{"customer":"c-1"}""" })).Job.Id;
            await client.InsertManyFastAsync([JobInsertRequest.Create(new ScriptArgs("ok"), new InsertOptions { Queue = _queue })]);
        }
        await allWorked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var inserts = stopped.Where(a => a.OperationName == "insert " + _queue).ToList();
        Assert.Equal(2, inserts.Count);
        Assert.All(inserts, a => Assert.Equal(traceId, a.TraceId));
        var works = stopped.Where(a => a.OperationName == "work " + _queue).ToList();
        Assert.Equal(2, works.Count);
        // Each attempt is a child of its own insert activity, in the request's trace.
        Assert.Equal(inserts.Select(a => a.SpanId.ToHexString()).Order(), works.Select(a => a.ParentSpanId.ToHexString()).Order());
        Assert.All(works, a => Assert.Equal(traceId, a.TraceId));

        // The context is stored next to the user's metadata, which is kept.
        var row = await GetAsync(client, single);
        using var metadata = System.Text.Json.JsonDocument.Parse(row.Metadata);
        Assert.Equal("c-1", metadata.RootElement.GetProperty("customer").GetString());
        Assert.StartsWith("00-" + traceId.ToHexString() + "-", metadata.RootElement.GetProperty("river:traceparent").GetString(), StringComparison.Ordinal);

        // And user metadata cannot forge it.
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.InsertAsync(new ScriptArgs("ok"),
            new InsertOptions { Queue = _queue, Metadata = """{"river:traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""" }));
        Assert.Contains("river:traceparent", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attempts_feed_the_counters_histograms_and_gauges()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RiverDiagnostics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Copy(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Copy(tags))));
        listener.Start();

        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add(_queue, 5); o.Workers.Add(Defs.Script, _ => worker); });
        var outcomes = WaitForOutcomesAsync(client, 2);
        await client.StartAsync();
        await client.InsertAsync(new ScriptArgs("ok"), new InsertOptions { Queue = _queue });
        await client.InsertAsync(new ScriptArgs("fail", 1), new InsertOptions { Queue = _queue, MaxAttempts = 1 });
        await outcomes;

        await client.StopAsync();

        // A job that blocks (a second client, so Started means this job): the running gauge shows it.
        var blocker = new ScriptWorker();
        var second = NewClient(o => { o.Queues.Add(_queue, 5); o.Workers.Add(Defs.Script, _ => blocker); });
        await second.StartAsync();
        var blocked = await second.InsertAsync(new ScriptArgs("block"), new InsertOptions { Queue = _queue });
        await blocker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        listener.RecordObservableInstruments();
        blocker.Release.TrySetResult();

        List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Mine(string name) =>
            measurements.Where(m => m.Instrument == name && Equals(m.Tags.GetValueOrDefault("messaging.destination.name"), _queue)).ToList();

        Assert.Equal(3, Mine(RiverDiagnostics.InstrumentJobsInserted).Sum(m => m.Value));
        var worked = Mine(RiverDiagnostics.InstrumentJobsWorked);
        Assert.Contains(worked, m => Equals(m.Tags["river.job.state"], "completed") && Equals(m.Tags["river.job.kind"], "test.script"));
        Assert.Contains(worked, m => Equals(m.Tags["river.job.state"], "discarded"));
        var failed = Assert.Single(Mine(RiverDiagnostics.InstrumentJobsFailed));
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.Tags["error.type"]);
        Assert.True(Mine(RiverDiagnostics.InstrumentRunDuration).Count >= 2);
        Assert.All(Mine(RiverDiagnostics.InstrumentRunDuration), m => Assert.True(m.Value >= 0));
        Assert.True(Mine(RiverDiagnostics.InstrumentQueueWait).Count >= 3);
        Assert.All(Mine(RiverDiagnostics.InstrumentQueueWait), m => Assert.True(m.Value >= 0));
        var running = Assert.Single(Mine(RiverDiagnostics.InstrumentQueueRunning), m => Equals(m.Tags["river.client.id"], second.ClientId));
        Assert.Equal(1, running.Value);
        Assert.DoesNotContain(Mine(RiverDiagnostics.InstrumentQueueRunning), m => Equals(m.Tags["river.client.id"], client.ClientId)); // stopped: unregistered
        Assert.Contains(measurements, m => m.Instrument == RiverDiagnostics.InstrumentCompleterBacklog && Equals(m.Tags["river.client.id"], second.ClientId));
        Assert.NotEqual(0, blocked.Job.Id);
    }

    [Fact]
    public async Task The_depth_sampler_counts_available_jobs_per_queue()
    {
        var client = NewClient(); // inserts only
        await client.InsertManyAsync(Enumerable.Range(0, 3).Select(i => JobInsertRequest.Create(new NoopArgs(i), new InsertOptions { Queue = _queue })));
        await client.InsertAsync(new NoopArgs(9), new InsertOptions { Queue = _queue, ScheduledAt = DateTimeOffset.UtcNow.AddHours(1) });
        var empty = _queue + "_empty";
        var sampler = new QueueDepthSampler(client.Context, [empty]);
        await sampler.SampleAsync(CancellationToken.None);
        Assert.Contains(new KeyValuePair<string, long>(_queue, 3), sampler.Latest);
        Assert.Contains(new KeyValuePair<string, long>(empty, 0), sampler.Latest); // a worked queue without jobs reads 0
    }

    private static Dictionary<string, object?> Copy(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }
        return copy;
    }
}
