using System.Diagnostics;
using System.Globalization;

namespace River.Cli.Bench;

/// <summary>Runs one bench: optional SQL reference, reset of the table, then the chosen mode.</summary>
internal sealed class BenchRunner(BenchSettings settings, BenchDatabase db, TextWriter output)
{
    private readonly string[] _queues = settings.QueueNames();
    private readonly InsertOptions?[] _queueOptions = settings.Queues == 1
        ? [null]
        : [.. settings.QueueNames().Select(q => new InsertOptions { Queue = q })];
    private BenchTimeline? _timeline;

    /// <summary>Jobs inserted and worked before the latency measurement starts (JIT, pools, prepared statements).</summary>
    private const int LatencyWarmUpJobs = 200;

    /// <summary>How long to wait for stragglers after the last insert of a timed mode.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    public async Task<BenchSummary> RunAsync(CancellationToken cancellationToken)
    {
        double? sqlLimit = null;
        double? sqlInsert = null;
        if (settings.CompareSql is { } script)
        {
            var jobs = settings.Mode == BenchMode.BurnDown ? settings.Jobs : BenchSettings.DefaultJobs;
            Say($"sql-limit reference: {Path.GetFileName(script)} with {jobs:N0} jobs, batch {SqlLimitReference.Batch}, {SqlLimitReference.Clients} clients ...");
            sqlLimit = await SqlLimitReference.RunAsync(script, db.LibpqUrl(), jobs, cancellationToken).ConfigureAwait(false);
            Say($"sql-limit jobs/s: {sqlLimit:F0}");
            await db.ResetAsync(cancellationToken).ConfigureAwait(false);
            sqlInsert = await db.InsertReferenceAsync(jobs, cancellationToken).ConfigureAwait(false);
            Say($"sql insert reference (INSERT … SELECT generate_series, one statement, server only) jobs/s: {sqlInsert:F0}");
        }
        await db.ResetAsync(cancellationToken).ConfigureAwait(false);
        var environment = await BenchEnvironment.CollectAsync(db, cancellationToken).ConfigureAwait(false);
        if (settings.PreloadFinalized > 0)
        {
            await db.PreloadFinalizedAsync(settings.PreloadFinalized, output, cancellationToken).ConfigureAwait(false);
        }
        if (settings.PreloadScheduled > 0)
        {
            await db.PreloadScheduledAsync(settings.PreloadScheduled, output, cancellationToken).ConfigureAwait(false);
        }
        var summary = settings.Mode switch
        {
            BenchMode.BurnDown => await BurnDownAsync(cancellationToken).ConfigureAwait(false),
            BenchMode.Continuous => await ContinuousAsync(cancellationToken).ConfigureAwait(false),
            _ => await LatencyAsync(cancellationToken).ConfigureAwait(false),
        };
        summary = summary with
        {
            SqlLimitJobsPerSec = sqlLimit, SqlInsertJobsPerSec = sqlInsert, PeakRssMb = PeakRssMb(), Settings = settings, Environment = environment,
        };
        return summary with { Charts = WriteCharts(summary) };
    }

    private IReadOnlyList<string> WriteCharts(BenchSummary summary)
    {
        if (settings.ChartDirectory is not { } directory)
        {
            return [];
        }
        var name = BenchSummary.ModeName(settings.Mode) + (settings.DeleteCompleted ? "-delete-completed" : "")
            + (settings.Processes > 1 ? $"-{settings.Processes}p" : "") + (settings.Queues > 1 ? $"-{settings.Queues}q" : "");
        var title = $"river bench {name}: {summary.Jobs:N0} jobs, {settings.Workers:N0} workers";
        var charts = new List<string>();
        if (_timeline is { } timeline)
        {
            charts.Add(BenchCharts.WriteThroughput(directory, name, title, timeline.Samples));
        }
        if (_latencies is { } latencies)
        {
            charts.Add(BenchCharts.WriteLatency(directory, name, $"river bench latency at {settings.Rate:0.#} jobs/s", latencies));
        }
        if (summary.PickupStages.Count > 0)
        {
            charts.Add(BenchCharts.WriteStages(directory, name, $"river bench pickup stages at {settings.Rate:0.#} jobs/s", summary.PickupStages));
        }
        foreach (var chart in charts)
        {
            Say($"chart: {chart}");
        }
        return charts;
    }

    private double[]? _latencies;

    private async Task<BenchSummary> BurnDownAsync(CancellationToken ct)
    {
        if (settings.Processes > 1)
        {
            return await BurnDownInProcessesAsync(ct).ConfigureAwait(false);
        }
        var probe = new BenchProbe();
        var client = CreateClient(probe, work: true);
        await using (client.ConfigureAwait(false))
        {
            var n = settings.Jobs;
            var insertWatch = Stopwatch.StartNew();
            await using (new BenchProgress(output, settings.ProgressInterval, t => Line(t, "inserting", probe)))
            {
                await InsertBurnDownJobsAsync(client, n, probe, ct).ConfigureAwait(false);
            }
            var insertElapsed = insertWatch.Elapsed;
            Say($"inserted {n:N0} jobs in {insertElapsed.TotalSeconds:0.00} s ({n / insertElapsed.TotalSeconds:N0} jobs/s); vacuum, checkpoint, then work with {settings.Workers} workers ...");
            await db.VacuumAsync(ct).ConfigureAwait(false);

            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var workWatch = Stopwatch.StartNew();
            await using (new BenchProgress(output, settings.ProgressInterval, t => Line(t, "working", probe)))
            await using ((_timeline = new BenchTimeline(() => probe.Completed)).ConfigureAwait(false))
            {
                var done = probe.WaitForCompletedAsync(n, ct);
                await client.StartAsync(ct).ConfigureAwait(false);
                await done.ConfigureAwait(false);
            }
            var workElapsed = workWatch.Elapsed;
            var allocatedPerJob = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)n;
            var fetches = client.Producers.Values.Sum(p => p.FetchCount);
            Say($"worked {n:N0} jobs in {workElapsed.TotalSeconds:0.00} s with {fetches:N0} fetches ({n / (double)Math.Max(fetches, 1):N0} jobs per fetch), {probe.CompleterWrites:N0} completer writes, {GC.CollectionCount(0):N0} gen0 GCs");
            await client.StopAsync(ct).ConfigureAwait(false);
            await ExpectNothingLeftAsync(ct).ConfigureAwait(false);
            var summary = new BenchSummary
            {
                Mode = BenchMode.BurnDown,
                Jobs = n,
                InsertJobsPerSec = n / insertElapsed.TotalSeconds,
                WorkJobsPerSec = n / workElapsed.TotalSeconds,
                AllocBytesPerJob = allocatedPerJob,
                Elapsed = insertElapsed + workElapsed,
                Fetches = fetches,
            };
            return settings.WorkflowSize is { } size ? await WorkflowBurnDownAsync(summary, size, ct).ConfigureAwait(false) : summary;
        }
    }

    /// <summary>
    /// The workflow half of <c>--workflow N</c>: the table emptied again, <c>-n / N</c> workflows of N tasks inserted
    /// (one <see cref="RiverClient.InsertWorkflowAsync(WorkflowBuilder, CancellationToken)"/> each, on
    /// <see cref="BenchSettings.InsertStreams"/> connections), then worked by a fresh client of the same settings
    /// until every task completed; the clock covers the work phase only, as for the plain burn-down.
    /// </summary>
    private async Task<BenchSummary> WorkflowBurnDownAsync(BenchSummary plain, int size, CancellationToken ct)
    {
        await db.ResetAsync(ct).ConfigureAwait(false);
        var workflows = settings.Jobs / size;
        var tasks = workflows * size;
        var probe = new BenchProbe();
        var client = CreateClient(probe, work: true);
        await using (client.ConfigureAwait(false))
        {
            Say($"workflows: inserting {workflows:N0} workflows of {size} tasks ({tasks:N0} tasks) ...");
            var insertWatch = Stopwatch.StartNew();
            long next = -1;
            await Task.WhenAll(Enumerable.Range(0, BenchSettings.InsertStreams).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < workflows; i = Interlocked.Increment(ref next))
                {
                    await client.InsertWorkflowAsync(BenchWorkflowShape.Build(i, size), ct).ConfigureAwait(false);
                }
            }, ct))).ConfigureAwait(false);
            var insertElapsed = insertWatch.Elapsed;
            Say($"inserted {tasks:N0} tasks in {insertElapsed.TotalSeconds:0.00} s ({tasks / insertElapsed.TotalSeconds:N0} tasks/s); vacuum, checkpoint, then work with {settings.Workers} workers ...");
            await db.VacuumAsync(ct).ConfigureAwait(false);
            var workWatch = Stopwatch.StartNew();
            await using (new BenchProgress(output, settings.ProgressInterval, t => string.Create(CultureInfo.InvariantCulture,
                $"[{t.TotalSeconds,6:0.0}s] workflows: worked {probe.Worked:N0} of {tasks:N0} tasks ({probe.Worked / Math.Max(t.TotalSeconds, 0.001):N0}/s)")))
            {
                var done = probe.WaitForCompletedAsync(BenchWorkflowShape.ReportedIds(workflows, size), ct);
                await client.StartAsync(ct).ConfigureAwait(false);
                await done.ConfigureAwait(false);
            }
            var workElapsed = workWatch.Elapsed;
            Say($"worked {tasks:N0} workflow tasks in {workElapsed.TotalSeconds:0.00} s");
            await client.StopAsync(ct).ConfigureAwait(false);
            await ExpectNothingLeftAsync(ct).ConfigureAwait(false);
            return plain with
            {
                WorkflowSize = size,
                Workflows = workflows,
                WorkflowTasksPerSec = tasks / workElapsed.TotalSeconds,
                WorkflowInsertTasksPerSec = tasks / insertElapsed.TotalSeconds,
            };
        }
    }

    /// <summary>
    /// A burn-down worked by <see cref="BenchSettings.Processes"/> worker processes: the jobs are inserted by this
    /// process (an insert-only client), the queues created paused, the processes started (each prints <c>ready</c>
    /// once it works them), and the clock starts when the queues are resumed — process start-up is not timed.
    /// </summary>
    private async Task<BenchSummary> BurnDownInProcessesAsync(CancellationToken ct)
    {
        var inserter = CreateClient(new BenchProbe(), work: false);
        await using (inserter.ConfigureAwait(false))
        {
            var n = settings.Jobs;
            await db.PauseQueuesAsync(_queues, ct).ConfigureAwait(false);
            var insertWatch = Stopwatch.StartNew();
            await InsertBurnDownJobsAsync(inserter, n, new BenchProbe(), ct).ConfigureAwait(false);
            var insertElapsed = insertWatch.Elapsed;
            Say($"inserted {n:N0} jobs in {insertElapsed.TotalSeconds:0.00} s ({n / insertElapsed.TotalSeconds:N0} jobs/s); vacuum, checkpoint, then start {settings.Processes} worker processes of {settings.Workers} workers ...");
            await db.VacuumAsync(ct).ConfigureAwait(false);

            await using var fleet = BenchFleet.Start(settings.Processes, settings, db.ConnectionString);
            await fleet.WaitReadyAsync(ct).ConfigureAwait(false);
            var workWatch = Stopwatch.StartNew();
            await using (new BenchProgress(output, settings.ProgressInterval, t => string.Create(CultureInfo.InvariantCulture,
                $"[{t.TotalSeconds,6:0.0}s] working: completed {fleet.Written:N0} ({fleet.Written / Math.Max(t.TotalSeconds, 0.001):N0}/s) in {settings.Processes} processes")))
            await using ((_timeline = new BenchTimeline(() => fleet.Written)).ConfigureAwait(false))
            {
                foreach (var queue in _queues)
                {
                    await inserter.ResumeQueueAsync(queue, ct).ConfigureAwait(false);
                }
                while (fleet.Written < n)
                {
                    await Task.Delay(BenchWorkerProtocol.ReportInterval, ct).ConfigureAwait(false);
                }
            }
            var workElapsed = workWatch.Elapsed;
            await fleet.StopAsync(ct).ConfigureAwait(false);
            Say($"worked {n:N0} jobs in {workElapsed.TotalSeconds:0.00} s with {settings.Processes} processes, {fleet.Fetches:N0} fetches");
            await ExpectNothingLeftAsync(ct).ConfigureAwait(false);
            return new BenchSummary
            {
                Mode = BenchMode.BurnDown,
                Jobs = n,
                InsertJobsPerSec = n / insertElapsed.TotalSeconds,
                WorkJobsPerSec = n / workElapsed.TotalSeconds,
                Elapsed = insertElapsed + workElapsed,
                Fetches = fleet.Fetches,
            };
        }
    }

    private async Task<BenchSummary> ContinuousAsync(CancellationToken ct)
    {
        var probe = new BenchProbe();
        var client = CreateClient(probe, work: true);
        await using (client.ConfigureAwait(false))
        {
            // Keep about five fetches' worth of jobs waiting, so the queue never runs dry between top-ups.
            var backlogTarget = Math.Max(settings.Workers * 5L, 10_000L);
            long seq = 0;
            while (seq < backlogTarget)
            {
                var count = (int)Math.Min(BenchSettings.InsertChunk, backlogTarget - seq);
                probe.AddInserted(await client.InsertManyFastAsync(Batch(seq, count), ct).ConfigureAwait(false));
                seq += count;
            }
            Say($"backlog of {backlogTarget:N0} jobs; working with {settings.Workers} workers for {settings.Duration.TotalSeconds:0.#} s while topping it up ...");
            var insertedBefore = probe.Inserted;
            using var stopTopUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watch = Stopwatch.StartNew();
            await client.StartAsync(ct).ConfigureAwait(false);
            var topUp = Task.Run(async () =>
            {
                while (!stopTopUp.IsCancellationRequested)
                {
                    var missing = backlogTarget - (probe.Inserted - probe.Completed);
                    if (missing < settings.Workers)
                    {
                        await Task.Delay(5, stopTopUp.Token).ConfigureAwait(false);
                        continue;
                    }
                    var count = (int)Math.Min(BenchSettings.InsertChunk, missing);
                    probe.AddInserted(await client.InsertManyFastAsync(Batch(seq, count), CancellationToken.None).ConfigureAwait(false));
                    seq += count;
                }
            }, CancellationToken.None);
            long worked;
            await using (new BenchProgress(output, settings.ProgressInterval, t => Line(t, "working", probe)))
            await using ((_timeline = new BenchTimeline(() => probe.Completed)).ConfigureAwait(false))
            {
                await Task.Delay(settings.Duration, ct).ConfigureAwait(false);
                worked = probe.Completed;
            }
            var elapsed = watch.Elapsed;
            var inserted = probe.Inserted - insertedBefore;
            await stopTopUp.CancelAsync().ConfigureAwait(false);
            try { await topUp.ConfigureAwait(false); } catch (OperationCanceledException) { }
            await client.StopAsync(ct).ConfigureAwait(false);
            return new BenchSummary
            {
                Mode = BenchMode.Continuous,
                Jobs = worked,
                InsertJobsPerSec = inserted / elapsed.TotalSeconds,
                WorkJobsPerSec = worked / elapsed.TotalSeconds,
                Elapsed = elapsed,
            };
        }
    }

    private async Task<BenchSummary> LatencyAsync(CancellationToken ct)
    {
        var total = (long)Math.Ceiling(settings.Rate * settings.Duration.TotalSeconds);
        var probe = new BenchProbe(checked((int)total));
        var worker = CreateClient(probe, work: true);
        // Inserts come from a second, insert-only client with its own connection pool, as another process would have:
        // pickup goes through NOTIFY, and a backlog of commits waiting for a pooled connection cannot hold up the
        // working client's fetches and completer writes (with one shared pool it did: latencies of seconds).
        var inserterPool = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        await using var disposePool = inserterPool.ConfigureAwait(false);
        var inserter = CreateClient(new BenchProbe(), work: false, inserterPool);
        await using (worker.ConfigureAwait(false))
        await using (inserter.ConfigureAwait(false))
        {
            foreach (var producer in worker.Producers.Values)
            {
                producer.PickupTraced = probe.PickupTraced;
            }
            await worker.StartAsync(ct).ConfigureAwait(false);
            await WaitUntilListeningAsync(worker, ct).ConfigureAwait(false);
            var warmUp = probe.WaitForCompletedAsync(LatencyWarmUpJobs, ct);
            for (var i = 0; i < LatencyWarmUpJobs; i++)
            {
                await inserter.InsertAsync(new BenchJob(-1), cancellationToken: ct).ConfigureAwait(false);
            }
            await warmUp.WaitAsync(DrainTimeout, ct).ConfigureAwait(false);
            Say($"latency: {total:N0} single-job inserts at {settings.Rate:0.#}/s for {settings.Duration.TotalSeconds:0.#} s, one transaction each ...");

            var all = probe.WaitForCompletedAsync(LatencyWarmUpJobs + total, ct);
            var inserts = new List<Task>((int)total);
            var start = Stopwatch.GetTimestamp();
            var ticksPerJob = Stopwatch.Frequency / settings.Rate;
            await using (new BenchProgress(output, settings.ProgressInterval, t => Line(t, "latency", probe)))
            {
                for (long seq = 0; seq < total; seq++)
                {
                    var due = start + (long)(seq * ticksPerJob);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait, ct).ConfigureAwait(false);
                    }
                    inserts.Add(InsertTimedAsync(inserter, probe, seq, ct));
                }
                await Task.WhenAll(inserts).ConfigureAwait(false);
                var elapsedInserting = Stopwatch.GetElapsedTime(start);
                await all.WaitAsync(DrainTimeout, ct).ConfigureAwait(false);
                var (toStart, toCompleted) = probe.Latencies(total);
                _latencies = toStart;
                await worker.StopAsync(ct).ConfigureAwait(false);
                return new BenchSummary
                {
                    Mode = BenchMode.Latency,
                    Jobs = total,
                    InsertJobsPerSec = total / elapsedInserting.TotalSeconds,
                    WorkJobsPerSec = null,
                    Latency = LatencySummary.From(toStart),
                    CompletedLatency = LatencySummary.From(toCompleted),
                    PickupStages = [.. probe.Stages(total).Where(s => s.Ms.Length > 0).Select(s => (s.Stage, LatencySummary.From(s.Ms)!))],
                    Elapsed = Stopwatch.GetElapsedTime(start),
                };
            }
        }
    }

    private static async Task InsertTimedAsync(RiverClient client, BenchProbe probe, long seq, CancellationToken ct)
    {
        var result = await client.InsertAsync(new BenchJob(seq), cancellationToken: ct).ConfigureAwait(false);
        probe.Committed(seq, result.Job.Id, Stopwatch.GetTimestamp());
    }

    private static async Task WaitUntilListeningAsync(RiverClient client, CancellationToken ct)
    {
        // A bench may poll here: it is a start-up wait, not a synchronization a test relies on.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (client.NotifierState != NotifierState.Listening)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new CliException("the client's LISTEN connection did not come up within 30 s", ExitCodes.DatabaseError);
            }
            await Task.Delay(10, ct).ConfigureAwait(false);
        }
    }

    private RiverClient CreateClient(BenchProbe probe, bool work, Npgsql.NpgsqlDataSource? dataSource = null)
    {
        var options = new RiverClientOptions
        {
            DataSource = dataSource ?? db.DataSource,
            FetchCooldown = settings.FetchCooldown,
            DeleteCompletedJobs = settings.DeleteCompleted,
            RegisterClient = !settings.NoRegistry,
        };
        if (settings.BatchSize is { } batchSize)
        {
            options.Workers.AddBatch(new BenchBatchWorker(probe), new BatchWorkerOptions { MaxSize = batchSize });
        }
        else
        {
            options.Workers.Add(new BenchWorker(probe));
        }
        if (settings.KindLimit is { } limit)
        {
            options.Flow.Kinds[BenchJob.Kind] = new FlowOptions { MaxRunning = limit };
        }
        if (work)
        {
            foreach (var queue in _queues)
            {
                options.Queues.Add(queue, settings.WorkersPerQueue);
            }
        }
        var client = new RiverClient(options);
        client.OutcomesWritten.Observe(probe.OutcomesWritten);
        return client;
    }

    /// <summary>
    /// Inserts jobs 0 to <paramref name="n"/> − 1 with the bulk path in chunks of <see cref="BenchSettings.InsertChunk"/>,
    /// on <see cref="BenchSettings.InsertStreams"/> COPY streams on separate connections (one server backend per
    /// stream, so both cores take part), counting them in <paramref name="probe"/>.
    /// </summary>
    private async Task InsertBurnDownJobsAsync(RiverClient client, long n, BenchProbe probe, CancellationToken ct)
    {
        long next = -BenchSettings.InsertChunk;
        await Task.WhenAll(Enumerable.Range(0, BenchSettings.InsertStreams).Select(_ => Task.Run(async () =>
        {
            for (var seq = Interlocked.Add(ref next, BenchSettings.InsertChunk); seq < n; seq = Interlocked.Add(ref next, BenchSettings.InsertChunk))
            {
                var count = (int)Math.Min(BenchSettings.InsertChunk, n - seq);
                probe.AddInserted(await client.InsertManyFastAsync(Batch(seq, count), ct).ConfigureAwait(false));
            }
        }, ct))).ConfigureAwait(false);
    }

    /// <summary>Jobs <paramref name="first"/>… spread round robin over the run's queues.</summary>
    private IEnumerable<JobInsertRequest> Batch(long first, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var seq = first + i;
            yield return JobInsertRequest.Create(new BenchJob(seq), _queueOptions[seq % _queueOptions.Length]);
        }
    }

    private async Task ExpectNothingLeftAsync(CancellationToken ct)
    {
        var left = await db.CountUnfinishedAsync(ct).ConfigureAwait(false);
        if (left != 0)
        {
            throw new CliException($"bench finished with {left} jobs not finalized in river_job (expected none)", ExitCodes.ValidationFailed);
        }
    }

    private static string Line(TimeSpan t, string phase, BenchProbe p) => string.Create(CultureInfo.InvariantCulture,
        $"[{t.TotalSeconds,6:0.0}s] {phase}: inserted {p.Inserted:N0}, worked {p.Worked:N0}, completed {p.Completed:N0} ({p.Completed / Math.Max(t.TotalSeconds, 0.001):N0}/s)");

    private void Say(string line)
    {
        lock (output)
        {
            output.WriteLine(line);
        }
    }

    private static double PeakRssMb()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
