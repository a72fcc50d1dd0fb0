using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Events;

public sealed class EventTests : RuntimeTestBase
{
    [Fact]
    public async Task Job_events_carry_the_updated_row_and_timings()
    {
        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add("default", 5); o.Workers.Add(Defs.Script, _ => worker); });
        // Job kinds only: the client's own fleet events (ClientJoined) carry no job.
        using var events = client.SubscribeEvents(RiverEventKind.JobCompleted, RiverEventKind.JobFailed, RiverEventKind.JobCancelled, RiverEventKind.JobSnoozed);
        await client.StartAsync();
        var ids = new Dictionary<string, long>();
        foreach (var action in new[] { "ok", "fail", "cancel", "snooze" })
        {
            ids[action] = (await client.InsertAsync(new ScriptArgs(action, action == "snooze" ? 600 : 0))).Job.Id;
        }

        var seen = new Dictionary<long, RiverEvent>();
        await foreach (var e in events.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            seen[e.Job!.Id] = e;
            if (seen.Count == 4)
            {
                break;
            }
        }
        Assert.Equal(RiverEventKind.JobCompleted, seen[ids["ok"]].Kind);
        Assert.Equal(JobState.Completed, seen[ids["ok"]].Job!.State);
        Assert.Equal(RiverEventKind.JobFailed, seen[ids["fail"]].Kind);
        Assert.Single(seen[ids["fail"]].Job!.Errors);
        Assert.Equal(RiverEventKind.JobCancelled, seen[ids["cancel"]].Kind);
        Assert.Equal(RiverEventKind.JobSnoozed, seen[ids["snooze"]].Kind);
        Assert.Equal(JobState.Scheduled, seen[ids["snooze"]].Job!.State);
        Assert.All(seen.Values, e =>
        {
            Assert.Equal("default", e.Queue);
            Assert.True(e.Timings!.QueueWait >= TimeSpan.Zero && e.Timings.Run >= TimeSpan.Zero && e.Timings.Completion >= TimeSpan.Zero);
        });
        Assert.Equal(0, events.Dropped);
    }

    [Fact]
    public async Task A_full_subscriber_loses_events_while_jobs_keep_completing()
    {
        const int jobs = 300;
        var worker = new CountingWorker(jobs);
        var client = NewClient(o => { o.Queues.Add("default", 20); o.Workers.Add(Defs.Noop, _ => worker); });
        using var stuck = client.SubscribeEvents(capacity: 5, RiverEventKind.JobCompleted); // not the fleet's ClientJoined
        using var reader = client.SubscribeEvents(capacity: 10_000, RiverEventKind.JobCompleted);
        var written = WaitForOutcomesAsync(client, jobs);
        await client.InsertManyFastAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new NoopArgs(i))));
        await client.StartAsync();
        await written;

        Assert.Equal(jobs, await CountAsync("state = 'completed'"));
        Assert.Equal(jobs - 5, stuck.Dropped);
        var received = 0;
        while (reader.Reader.TryRead(out var e))
        {
            Assert.Equal(RiverEventKind.JobCompleted, e.Kind);
            received++;
        }
        Assert.Equal(jobs, received);
        Assert.Equal(0, reader.Dropped);
    }

    [Fact]
    public async Task Pausing_and_resuming_a_queue_raise_queue_events()
    {
        var client = NewClient(o => { o.Queues.Add("default", 5); o.Workers.Add(Defs.Noop, _ => new CountingWorker(1)); });
        using var events = client.SubscribeEvents(100, RiverEventKind.QueuePaused, RiverEventKind.QueueResumed);
        client.Producers["default"].Fetched.Init();
        await client.StartAsync();
        await client.Notifier!.Subscribe(client.Sql.ControlChannel).Established.WaitAsync(TimeSpan.FromSeconds(30));
        // The producer reports its queue row on its first poll, before its first fetch.
        await client.Producers["default"].Fetched.WaitAsync(TimeSpan.FromSeconds(20));
        await client.PauseQueueAsync("default");
        var paused = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((RiverEventKind.QueuePaused, "default"), (paused.Kind, paused.Queue));
        await client.ResumeQueueAsync("default");
        var resumed = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((RiverEventKind.QueueResumed, "default"), (resumed.Kind, resumed.Queue));
    }
}
