using System.Diagnostics;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Notifications;

public sealed class LeadershipAndControlTests : RuntimeTestBase
{
    private RiverClient NewFastElectingClient(Action<RiverClientOptions>? configure = null)
    {
        var client = NewClient(o =>
        {
            o.LeaderElectInterval = TimeSpan.FromMilliseconds(200);
            o.LeaderTtl = TimeSpan.FromSeconds(2);
            configure?.Invoke(o);
        });
        client.Elector!.LeadershipChanged.Init();
        return client;
    }

    /// <summary>Completes when <paramref name="client"/> has gained leadership (and its handlers ran).</summary>
    private static Task BecomesLeaderAsync(RiverClient client, TimeSpan timeout)
        => client.Elector!.LeadershipChanged.WaitForAsync(leads => leads, timeout);

    /// <summary>The first of <paramref name="clients"/> to gain leadership.</summary>
    private static async Task<RiverClient> FirstLeaderAsync(TimeSpan timeout, params RiverClient[] clients)
    {
        using var others = new CancellationTokenSource();
        var waits = clients.Select(c => c.Elector!.LeadershipChanged.WaitForAsync(leads => leads, timeout, others.Token)).ToList();
        var first = await Task.WhenAny(waits);
        await first;
        await others.CancelAsync();
        return clients[waits.IndexOf(first)];
    }

    [Fact]
    public async Task Two_clients_never_both_lead_and_a_resigning_leader_is_replaced_at_once()
    {
        var a = NewFastElectingClient();
        var b = NewFastElectingClient();
        await a.StartAsync();
        await b.StartAsync();
        await FirstLeaderAsync(TimeSpan.FromSeconds(10), a, b);

        var sampler = Task.Run(async () =>
        {
            var sw = Stopwatch.StartNew();
            var samples = 0;
            while (sw.Elapsed < TimeSpan.FromSeconds(2))
            {
                Assert.False(a.IsLeader && b.IsLeader, "two leaders at once");
                samples++;
                await Task.Delay(1);
            }
            return samples;
        });
        Assert.True(await sampler > 100);

        var (leader, follower) = a.IsLeader ? (a, b) : (b, a);
        await leader.StopAsync();
        // Resignation is notified: the follower bids at once instead of waiting for the lease to expire.
        await BecomesLeaderAsync(follower, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_leader_that_dies_without_resigning_is_replaced_within_the_ttl()
    {
        var a = NewFastElectingClient();
        await a.StartAsync();
        await BecomesLeaderAsync(a, TimeSpan.FromSeconds(10));
        var b = NewFastElectingClient();
        await b.StartAsync();
        await Task.Delay(300);
        Assert.False(b.IsLeader);

        var died = Stopwatch.StartNew();
        await a.Elector!.AbandonAsync();
        Assert.False(a.IsLeader);
        await BecomesLeaderAsync(b, TimeSpan.FromSeconds(10));
        Assert.True(died.Elapsed < TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(1.5), $"took {died.Elapsed}");
    }

    [Fact]
    public async Task Remote_cancel_reaches_the_worker_on_another_client()
    {
        var worker = new ScriptWorker();
        var working = NewClient(o => { o.Queues.Add("default", 5); o.Workers.Add(Defs.Script, _ => worker); o.JobTimeout = Timeout.InfiniteTimeSpan; });
        await working.StartAsync();
        await working.Notifier!.Subscribe(working.Sql.ControlChannel).Established.WaitAsync(TimeSpan.FromSeconds(30));
        var inserter = NewClient();
        var written = WaitForOutcomesAsync(working, 1);
        var id = (await inserter.InsertAsync(new ScriptArgs("hang"))).Job.Id;
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await RequestCancelAsync(id);
        Assert.True(await worker.ObservedCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await written;
        var job = await GetAsync(working, id);
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.NotNull(job.FinalizedAt);
    }

    [Fact]
    public async Task Poll_only_mode_works_jobs_and_picks_up_remote_cancels_without_listen()
    {
        var worker = new ScriptWorker();
        var client = NewClient(o =>
        {
            o.PollOnly = true;
            o.FetchPollInterval = TimeSpan.FromMilliseconds(100);
            o.Queues.Add("default", 5);
            o.Workers.Add(Defs.Script, _ => worker);
            o.JobTimeout = Timeout.InfiniteTimeSpan;
        });
        await client.StartAsync();
        Assert.Equal(NotifierState.Stopped, client.NotifierState);
        Assert.Null(client.Notifier);

        var inserter = NewClient(); // another client: no local wake-up, only the poll can find it
        var written = WaitForOutcomesAsync(client, 2);
        var done = (await inserter.InsertAsync(new ScriptArgs("ok"))).Job.Id;
        var hung = (await inserter.InsertAsync(new ScriptArgs("hang"))).Job.Id;
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await RequestCancelAsync(hung, notify: false);
        Assert.True(await worker.ObservedCancellation.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await written;
        Assert.Equal(JobState.Completed, (await GetAsync(client, done)).State);
        Assert.Equal(JobState.Cancelled, (await GetAsync(client, hung)).State);
    }

    [Fact]
    public async Task Insert_notification_wakes_an_idle_producer_of_another_client()
    {
        var worker = new CountingWorker(1);
        var client = NewClient(o =>
        {
            o.FetchPollInterval = TimeSpan.FromHours(1); // only a notification can wake it
            o.Queues.Add("default", 5);
            o.Workers.Add(Defs.Noop, _ => worker);
        });
        client.Producers["default"].Fetched.Init();
        await client.StartAsync();
        await client.Notifier!.Subscribe(client.Sql.InsertChannel).Established.WaitAsync(TimeSpan.FromSeconds(30));
        await client.Producers["default"].Fetched.WaitAsync(TimeSpan.FromSeconds(10)); // the queue is idle now
        await NewClient().InsertAsync(new NoopArgs(1));
        await worker.AllDone.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Terminated_listener_recovers_and_no_job_is_stranded()
    {
        const int jobs = 200;
        var worker = new CountingWorker(jobs);
        var client = NewClient(o =>
        {
            o.FetchPollInterval = TimeSpan.FromHours(1);
            o.Queues.Add("default", 10);
            o.Workers.Add(Defs.Noop, _ => worker);
        });
        client.Producers["default"].Fetched.Init();
        await client.StartAsync();
        await client.Notifier!.Subscribe(client.Sql.InsertChannel).Established.WaitAsync(TimeSpan.FromSeconds(30));
        // The producer's first fetch is behind it (a late one, on a loaded machine, would find the jobs by itself): from
        // here only the notifier's resync after it reconnects, or a notification on its new connection, can wake it.
        await client.Producers["default"].Fetched.WaitAsync(TimeSpan.FromSeconds(30));
        await using (var kill = DataSource.CreateCommand("SELECT pg_terminate_backend(@pid)"))
        {
            kill.Parameters.AddWithValue("pid", client.Notifier.BackendProcessId);
            await kill.ExecuteScalarAsync();
        }
        // Jobs inserted while the listener is down are found by the resync fetch after reconnecting.
        var inserter = NewClient();
        await inserter.InsertManyAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new NoopArgs(i))));
        await worker.AllDone.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, client.Notifier.Reconnects);
    }

    private async Task RequestCancelAsync(long id, bool notify = true)
    {
        await using var cmd = DataSource.CreateCommand(notify
            ? "WITH j AS (UPDATE river_job SET metadata = metadata || jsonb_build_object('cancel_attempted_at', now()) WHERE id = @id RETURNING queue) SELECT pg_notify('public.river_control', json_build_object('action', 'cancel', 'job_id', @id, 'queue', queue)::text) FROM j"
            : "UPDATE river_job SET metadata = metadata || jsonb_build_object('cancel_attempted_at', now()) WHERE id = @id");
        cmd.Parameters.AddWithValue("id", id);
        await cmd.ExecuteNonQueryAsync();
    }
}
