using System.Collections.Concurrent;
using System.Text.Json;

// Workers of hand-defined args (no [JobArgs]): registered by hand.
#pragma warning disable RIVER0018

namespace River.IntegrationTests.Runtime;

public sealed record BatchArgs(string Action, int Value = 0);

/// <summary>
/// Batch workers against the real database: the outcomes of one call land per job in one completer write, a throw
/// and a timeout fail the jobs without an outcome, the collection window fills a batch from several fetches, slots
/// are counted per job, a remote cancel touches one job of a running call, and batch and single workers share a queue.
/// </summary>
public sealed class BatchWorkerTests : RuntimeTestBase
{
    private static readonly JobDefinition<BatchArgs> Batch = TestDefinitions.Create<BatchArgs>("test.batch");

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Mixed_outcomes_of_one_call_land_per_job_in_one_write_with_an_event_each()
    {
        var worker = new ScriptBatchWorker();
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 20);
            o.Workers.AddBatch(Batch, _ => worker, new BatchWorkerOptions { MaxSize = 10 });
        });
        var ids = await InsertAsync(client, ["none", "complete", "fail", "snooze", "cancel", "output"]);
        using var events = client.SubscribeEvents(RiverEventKind.JobCompleted, RiverEventKind.JobFailed, RiverEventKind.JobSnoozed, RiverEventKind.JobCancelled);
        var writes = new ConcurrentQueue<IReadOnlyList<long>>();
        var written = client.OutcomesWritten.NextAsync(w => { writes.Enqueue(w); return writes.Sum(x => x.Count) >= ids.Length; }, Wait);

        await client.StartAsync();
        await written;

        var call = Assert.Single(worker.Calls);
        Assert.Equal(ids, call.Order());
        Assert.Equal(ids, Assert.Single(writes).Order()); // the call's six outcomes in one completer write
        var rows = new Dictionary<string, JobRow>();
        for (var i = 0; i < ids.Length; i++)
        {
            rows[ScriptBatchWorker.Actions[i]] = await GetAsync(client, ids[i]);
        }
        Assert.Equal(JobState.Completed, rows["none"].State);
        Assert.Empty(rows["none"].Errors);
        Assert.Equal(JobState.Completed, rows["complete"].State);
        Assert.Equal(JobState.Available, rows["fail"].State); // first retry after (0+1)^4 = 1 s: straight back to available
        Assert.Equal("InvalidOperationException: refused 2", Assert.Single(rows["fail"].Errors).Error);
        Assert.Equal(1, rows["fail"].Attempt);
        Assert.Equal(JobState.Scheduled, rows["snooze"].State);
        Assert.Equal(0, rows["snooze"].Attempt); // a snooze gives the attempt back
        using (var metadata = JsonDocument.Parse(rows["snooze"].Metadata))
        {
            Assert.Equal(1, metadata.RootElement.GetProperty("snoozes").GetInt32());
        }
        Assert.Equal(JobState.Cancelled, rows["cancel"].State);
        Assert.Contains("unsubscribed", Assert.Single(rows["cancel"].Errors).Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Completed, rows["output"].State);
        using (var metadata = JsonDocument.Parse(rows["output"].Metadata))
        {
            Assert.Equal(5, metadata.RootElement.GetProperty("output").GetProperty("n").GetInt32());
        }

        var seen = new Dictionary<long, RiverEventKind>();
        while (seen.Count < ids.Length)
        {
            var e = await events.Reader.ReadAsync().AsTask().WaitAsync(Wait);
            seen[e.Job!.Id] = e.Kind;
        }
        Assert.Equal(RiverEventKind.JobFailed, seen[ids[2]]);
        Assert.Equal(RiverEventKind.JobSnoozed, seen[ids[3]]);
        Assert.Equal(RiverEventKind.JobCancelled, seen[ids[4]]);
        Assert.Equal(3, seen.Values.Count(k => k == RiverEventKind.JobCompleted));
    }

    [Fact]
    public async Task A_thrown_exception_retries_every_job_of_the_call()
    {
        var worker = new ScriptBatchWorker { ThrowAfterOutcomes = true };
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 20);
            o.Workers.AddBatch(Batch, _ => worker);
        });
        var ids = await InsertAsync(client, ["none", "none", "none"]);
        var written = WaitForOutcomesAsync(client, ids.Length);

        await client.StartAsync();
        await written;

        Assert.Single(worker.Calls);
        foreach (var id in ids)
        {
            var row = await GetAsync(client, id);
            Assert.Equal(JobState.Available, row.State);
            Assert.Equal(1, row.Attempt);
            Assert.Equal("InvalidOperationException: the bulk write was refused", Assert.Single(row.Errors).Error);
            Assert.True(row.ScheduledAt > row.AttemptedAt); // retried by the policy: due again later, not at once
        }
    }

    [Fact]
    public async Task The_call_timeout_fails_the_jobs_without_an_outcome_and_keeps_the_recorded_ones()
    {
        var worker = new ScriptBatchWorker { TimeoutOverride = TimeSpan.FromMilliseconds(300) };
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 20);
            o.Workers.AddBatch(Batch, _ => worker);
        });
        var ids = await InsertAsync(client, ["complete", "hang", "hang"]);
        var written = WaitForOutcomesAsync(client, ids.Length);

        await client.StartAsync();
        await written;

        Assert.Equal(JobState.Completed, (await GetAsync(client, ids[0])).State);
        foreach (var id in ids[1..])
        {
            var row = await GetAsync(client, id);
            Assert.Equal(JobState.Available, row.State);
            Assert.StartsWith("TimeoutException: The batch of 3 jobs of kind 'test.batch' timed out after", Assert.Single(row.Errors).Error, StringComparison.Ordinal);
        }
        Assert.True(await worker.ObservedCancellation.Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task Jobs_fetched_separately_within_the_window_are_worked_in_one_call()
    {
        var worker = new ScriptBatchWorker();
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 20);
            // The batch is called when it is full (3); the long window only makes sure it has not gone out before.
            o.Workers.AddBatch(Batch, _ => worker, new BatchWorkerOptions { MaxSize = 3, CollectionWindow = TimeSpan.FromSeconds(20) });
        });
        await client.StartAsync();
        var producer = client.Producers["default"];
        producer.Fetched.Init();
        var written = WaitForOutcomesAsync(client, 3);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var fetched = producer.Fetched.NextAsync(n => n > 0, Wait);
            ids.Add((await client.InsertAsync(new BatchArgs("none"))).Job.Id);
            await fetched; // each job comes in its own fetch
        }
        await written;

        var call = Assert.Single(worker.Calls);
        Assert.Equal(ids, call.Order());
    }

    [Fact]
    public async Task A_partial_batch_is_called_when_the_window_ends()
    {
        var worker = new ScriptBatchWorker();
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 20);
            o.Workers.AddBatch(Batch, _ => worker, new BatchWorkerOptions { MaxSize = 50, CollectionWindow = TimeSpan.FromMilliseconds(200) });
        });
        var ids = await InsertAsync(client, ["none", "none"]);
        var written = WaitForOutcomesAsync(client, 2);
        await client.StartAsync();
        await written;

        Assert.Equal(ids, Assert.Single(worker.Calls).Order());
        Assert.Equal(0, client.Producers["default"].BatchWaiting);
    }

    [Fact]
    public async Task Jobs_waiting_in_a_window_are_called_when_the_client_stops()
    {
        var worker = new ScriptBatchWorker();
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 20);
            o.Workers.AddBatch(Batch, _ => worker, new BatchWorkerOptions { MaxSize = 50, CollectionWindow = TimeSpan.FromSeconds(60) });
        });
        var ids = await InsertAsync(client, ["none", "none"]);
        var producer = client.Producers["default"];
        producer.Fetched.Init();
        var fetched = producer.Fetched.NextAsync(n => n == 2, Wait);
        await client.StartAsync();
        await fetched;
        Assert.Empty(worker.Calls); // waiting for the window
        Assert.Equal(2, producer.BatchWaiting);

        await client.StopAsync().WaitAsync(Wait);

        Assert.Equal(ids, Assert.Single(worker.Calls).Order());
        Assert.Equal(2, await CountAsync("state = 'completed'"));
    }

    [Fact]
    public async Task A_batch_worker_and_single_workers_share_a_queue_and_its_slots_per_job()
    {
        var batchWorker = new ScriptBatchWorker();
        var single = new CountingWorker(30);
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 10);
            o.Workers.AddBatch(Batch, _ => batchWorker, new BatchWorkerOptions { MaxSize = 100 });
            o.Workers.Add(Defs.Noop, _ => single);
        });
        var requests = new List<JobInsertRequest>();
        for (var i = 0; i < 30; i++)
        {
            requests.Add(JobInsertRequest.Create(new BatchArgs("none", i)));
            requests.Add(JobInsertRequest.Create(new NoopArgs(i)));
        }
        await client.InsertManyAsync(requests);
        var written = WaitForOutcomesAsync(client, 60);

        await client.StartAsync();
        await written;
        await single.AllDone.WaitAsync(Wait);

        Assert.Equal(30, batchWorker.Calls.Sum(c => c.Length));
        Assert.All(batchWorker.Calls, c => Assert.InRange(c.Length, 1, 10)); // a call never holds more jobs than the queue's slots
        Assert.Equal(30, single.RunsById.Count);
        Assert.Equal(60, await CountAsync("state = 'completed'"));
    }

    [Fact]
    public async Task A_remote_cancel_of_one_job_of_a_running_call_cancels_that_job_only()
    {
        var worker = new ScriptBatchWorker();
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 20);
            o.Workers.AddBatch(Batch, _ => worker);
            o.JobTimeout = Timeout.InfiniteTimeSpan;
        });
        var ids = await InsertAsync(client, ["block", "block_cancellable", "block"]);
        var written = WaitForOutcomesAsync(client, ids.Length);
        await client.StartAsync();
        await worker.Started.Task.WaitAsync(Wait);

        await client.CancelJobAsync(ids[1]);
        Assert.True(await worker.ObservedCancellation.Task.WaitAsync(Wait)); // that job's own token
        worker.Release.TrySetResult();
        await written;

        Assert.Equal(JobState.Completed, (await GetAsync(client, ids[0])).State);
        Assert.Equal(JobState.Cancelled, (await GetAsync(client, ids[1])).State);
        Assert.Equal(JobState.Completed, (await GetAsync(client, ids[2])).State);
        Assert.False(worker.CallTokenCancelled);
    }

    private static async Task<long[]> InsertAsync(RiverClient client, string[] actions)
    {
        var results = await client.InsertManyAsync(actions.Select((a, i) => JobInsertRequest.Create(new BatchArgs(a, i))));
        return [.. results.Select(r => r.Job.Id)];
    }

    /// <summary>Records each call's job ids and does per job what its args say.</summary>
    private sealed class ScriptBatchWorker : BatchWorker<BatchArgs>
    {
        public static readonly string[] Actions = ["none", "complete", "fail", "snooze", "cancel", "output"];

        public ConcurrentQueue<long[]> Calls { get; } = new();
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<bool> ObservedCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool ThrowAfterOutcomes { get; init; }
        public TimeSpan? TimeoutOverride { get; init; }
        public bool CallTokenCancelled { get; private set; }
        public override TimeSpan? Timeout => TimeoutOverride;

        public override async Task WorkAsync(JobBatch<BatchArgs> batch, CancellationToken cancellationToken)
        {
            Calls.Enqueue([.. batch.Select(j => j.Id)]);
            var waits = new List<Task>();
            foreach (var job in batch)
            {
                switch (job.Args.Action)
                {
                    case "complete":
                        batch.Complete(job);
                        break;
                    case "fail":
                        batch.Fail(job, new InvalidOperationException("refused " + job.Args.Value));
                        break;
                    case "snooze":
                        batch.Snooze(job, TimeSpan.FromMinutes(10));
                        break;
                    case "cancel":
                        batch.Cancel(job, "unsubscribed");
                        break;
                    case "output":
                        job.RecordOutput("{\"n\":" + job.Args.Value + "}");
                        break;
                    case "hang":
                        waits.Add(HangAsync(cancellationToken));
                        break;
                    case "block":
                        waits.Add(Release.Task);
                        break;
                    case "block_cancellable":
                        waits.Add(BlockCancellableAsync(batch, job));
                        break;
                }
            }
            Started.TrySetResult();
            if (ThrowAfterOutcomes)
            {
                throw new InvalidOperationException("the bulk write was refused");
            }
            await Task.WhenAll(waits);
            CallTokenCancelled = cancellationToken.IsCancellationRequested;
        }

        private async Task HangAsync(CancellationToken ct)
        {
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                ObservedCancellation.TrySetResult(true);
                throw;
            }
        }

        private async Task BlockCancellableAsync(JobBatch<BatchArgs> batch, Job<BatchArgs> job)
        {
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, batch.CancellationTokenOf(job));
            }
            catch (OperationCanceledException e)
            {
                ObservedCancellation.TrySetResult(true);
                batch.Fail(job, e);
            }
        }
    }
}
