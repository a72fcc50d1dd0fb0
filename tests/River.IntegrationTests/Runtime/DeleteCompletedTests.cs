namespace River.IntegrationTests.Runtime;

/// <summary>Delete-on-completion mode (<see cref="RiverClientOptions.DeleteCompletedJobs"/>).</summary>
public sealed class DeleteCompletedTests : RuntimeTestBase
{
    [Fact]
    public async Task Completed_jobs_are_deleted_and_every_other_outcome_is_kept_as_in_the_default_mode()
    {
        var client = NewClient(o =>
        {
            o.DeleteCompletedJobs = true;
            o.Queues.Add("default", 10);
            o.Workers.Add(Defs.Script, _ => new ScriptWorker());
        });
        await client.StartAsync();
        var ids = new Dictionary<string, long>();
        var outcomes = WaitForOutcomesAsync(client, 5);
        foreach (var action in new[] { "ok", "output", "fail", "cancel", "snooze" })
        {
            var options = action == "fail" ? new InsertOptions { MaxAttempts = 1 } : null; // discarded after one failed attempt
            ids[action] = (await client.InsertAsync(new ScriptArgs(action, action == "snooze" ? 600 : 7), options)).Job.Id;
        }
        await outcomes;

        Assert.Null(await client.GetJobAsync(ids["ok"]));
        Assert.Null(await client.GetJobAsync(ids["output"]));
        var failed = await GetAsync(client, ids["fail"]);
        Assert.Equal(JobState.Discarded, failed.State);
        Assert.Contains("boom 7", Assert.Single(failed.Errors).Error);
        Assert.Equal(JobState.Cancelled, (await GetAsync(client, ids["cancel"])).State);
        Assert.Equal(JobState.Scheduled, (await GetAsync(client, ids["snooze"])).State);
        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task Default_mode_keeps_completed_jobs()
    {
        // The twin of the test above: the same job, and the row stays (so the assertion there can fail).
        var client = NewClient(o => { o.Queues.Add("default", 2); o.Workers.Add(Defs.Script, _ => new ScriptWorker()); });
        await client.StartAsync();
        var outcomes = WaitForOutcomesAsync(client, 1);
        var id = (await client.InsertAsync(new ScriptArgs("ok"))).Job.Id;
        await outcomes;
        Assert.Equal(JobState.Completed, (await GetAsync(client, id)).State);
    }

    [Fact]
    public async Task Completion_events_carry_the_job_as_it_would_read_completed()
    {
        var client = NewClient(o =>
        {
            o.DeleteCompletedJobs = true;
            o.Queues.Add("default", 2);
            o.Workers.Add(Defs.Script, _ => new ScriptWorker());
        });
        using var events = client.SubscribeEvents(RiverEventKind.JobCompleted, RiverEventKind.JobFailed);
        await client.StartAsync();
        var id = (await client.InsertAsync(new ScriptArgs("ok"))).Job.Id;

        await foreach (var e in events.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token))
        {
            Assert.Equal(RiverEventKind.JobCompleted, e.Kind);
            Assert.Equal(id, e.Job!.Id);
            Assert.Equal(JobState.Completed, e.Job.State);
            Assert.NotNull(e.Job.FinalizedAt);
            Assert.Equal(1, e.Job.Attempt);
            break;
        }
        Assert.Null(await client.GetJobAsync(id));
    }

    [Fact]
    public async Task Unique_kinds_that_block_while_completed_are_refused_at_construction_and_at_insert()
    {
        // Registered: refused when the client is built, naming the kind and both ways out.
        var error = Assert.Throws<RiverConfigurationException>(() => NewClient(o =>
        {
            o.DeleteCompletedJobs = true;
            o.Workers.AddJob(Defs.Unique);
        }));
        Assert.Contains("Job kind 'test.unique' is unique while completed", error.Message);
        Assert.Contains("DeleteCompletedJobs", error.Message);

        // Inserted through a client that does not work the kind: refused at the call, nothing written.
        var inserter = NewClient(o => o.DeleteCompletedJobs = true);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => inserter.InsertAsync(new UniqueArgs("a")));
        Assert.Contains("River's default, which includes JobState.Completed", refused.Message);
        var explicitStates = await Assert.ThrowsAsync<ArgumentException>(() => inserter.InsertAsync(new UniqueArgs("b"),
            new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true, ByState = [.. UniqueOptions.DefaultStates] } }));
        Assert.Contains("includes JobState.Completed", explicitStates.Message);
        Assert.Equal(0, await CountAsync());

        // Unique while not completed: allowed, and still unique while it waits.
        var whileWaiting = new InsertOptions
        {
            UniqueOptions = new UniqueOptions { ByArgs = true, ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled, JobState.Retryable] },
        };
        Assert.False((await inserter.InsertAsync(new UniqueArgs("c"), whileWaiting)).UniqueSkippedAsDuplicate);
        Assert.True((await inserter.InsertAsync(new UniqueArgs("c"), whileWaiting)).UniqueSkippedAsDuplicate);
    }
}
