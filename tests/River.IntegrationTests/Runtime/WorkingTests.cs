namespace River.IntegrationTests.Runtime;

public sealed class WorkingTests : RuntimeTestBase
{
    [Fact]
    public async Task Ten_thousand_jobs_on_50_workers_each_complete_exactly_once()
    {
        const int jobs = 10_000;
        var worker = new CountingWorker(jobs);
        var client = NewClient(o => { o.Queues.Add("default", 50); o.Workers.Add(Defs.Noop, _ => worker); });
        var written = WaitForOutcomesAsync(client, jobs);
        await client.InsertManyFastAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new NoopArgs(i))));
        await client.StartAsync();
        await worker.AllDone.WaitAsync(TimeSpan.FromSeconds(120));
        await written;
        Assert.Equal(jobs, worker.RunsById.Count);
        Assert.All(worker.RunsById.Values, runs => Assert.Equal(1, runs));
        Assert.Equal(jobs, await CountAsync("state = 'completed' AND attempt = 1"));
    }

    [Fact]
    public async Task Graceful_stop_lets_running_jobs_finish_and_leaves_none_running()
    {
        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add("default", 5); o.Workers.Add(Defs.Script, _ => worker); });
        await client.StartAsync();
        var id = (await client.InsertAsync(new ScriptArgs("block"))).Job.Id;
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stop = client.StopAsync();
        Assert.False(stop.IsCompleted);
        worker.Release.SetResult();
        await stop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Completed, (await GetAsync(client, id)).State);
        Assert.Equal(0, await CountAsync("state = 'running'"));
    }

    [Fact]
    public async Task Hard_stop_cancels_running_jobs_and_records_their_outcome()
    {
        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add("default", 5); o.Workers.Add(Defs.Script, _ => worker); o.JobTimeout = Timeout.InfiniteTimeSpan; });
        await client.StartAsync();
        var id = (await client.InsertAsync(new ScriptArgs("hang"))).Job.Id;
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        using var giveUp = new CancellationTokenSource();
        var stop = client.StopAsync(giveUp.Token);
        Assert.False(stop.IsCompleted);
        await giveUp.CancelAsync();
        await stop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await worker.ObservedCancellation.Task);
        var job = await GetAsync(client, id);
        Assert.NotEqual(JobState.Running, job.State);
        Assert.Single(job.Errors);
        Assert.Equal(0, await CountAsync("state = 'running'"));
    }

    [Fact]
    public async Task Start_fails_fast_when_the_schema_is_missing()
    {
        await using var bare = await River.Testing.TestDatabases.CreateAsync(migrated: false);
        var client = new RiverClient(new RiverClientOptions { DataSource = bare.DataSource });
        var e = await Assert.ThrowsAsync<RiverStartupException>(() => client.StartAsync());
        Assert.Contains("migrate", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Start_fails_fast_when_the_database_is_unreachable()
    {
        await using var nowhere = Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Timeout=2");
        var client = new RiverClient(new RiverClientOptions { DataSource = nowhere });
        var e = await Assert.ThrowsAsync<RiverStartupException>(() => client.StartAsync());
        Assert.Contains("unreachable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_client_options_name_each_field_and_rule()
    {
        var options = new RiverClientOptions { MaxAttempts = 0, JobTimeout = TimeSpan.FromSeconds(-1), Schema = "" };
        options.Queues.Add("Bad Queue", 0);
        var e = Assert.Throws<RiverConfigurationException>(() => new RiverClient(options));
        Assert.Contains(e.Problems, p => p.StartsWith("DataSource", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("JobTimeout", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("MaxWorkers must be between 1 and 10000", StringComparison.Ordinal));
        Assert.True(e.Problems.Count >= 5, string.Join("\n", e.Problems));
    }
}
