using System.Text.Json;
using Npgsql;

namespace River.IntegrationTests.Runtime;

public sealed class ExecutionTests : RuntimeTestBase
{
    private async Task<(RiverClient Client, ScriptWorker Worker)> StartScriptClientAsync(TimeSpan? workerTimeout = null, Action<RiverClientOptions>? configure = null)
    {
        var worker = new ScriptWorker { TimeoutOverride = workerTimeout };
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 10);
            o.Workers.Add(Defs.Script, _ => worker);
            configure?.Invoke(o);
        });
        await client.StartAsync();
        return (client, worker);
    }

    private async Task<JobRow> RunOneAsync(RiverClient client, ScriptArgs args, InsertOptions? opts = null)
    {
        var written = WaitForOutcomesAsync(client, 1);
        var id = (await client.InsertAsync(args, opts)).Job.Id;
        await written;
        return await GetAsync(client, id);
    }

    [Fact]
    public async Task Success_completes_the_job()
    {
        var (client, _) = await StartScriptClientAsync();
        var job = await RunOneAsync(client, new ScriptArgs("ok"));
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(1, job.Attempt);
        Assert.NotNull(job.FinalizedAt);
        Assert.Equal([client.ClientId], job.AttemptedBy);
    }

    [Fact]
    public async Task The_row_a_worker_sees_is_the_stored_row_of_its_attempt()
    {
        // The fetch decodes rows in a reduced form (shared queue, state, first-attempt attempted_by, empty metadata
        // and tags); what the worker sees must still equal the stored row, on a first attempt and on a retry.
        var seen = new List<JobRow>();
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 10);
            o.Queues.Add("other", 10);
            o.Workers.Add(Defs.Script, _ => new RowRecordingWorker(seen));
        });
        await client.StartAsync();
        var written = WaitForOutcomesAsync(client, 2);
        var plain = (await client.InsertAsync(new ScriptArgs("ok"))).Job.Id;
        var dressed = (await client.InsertAsync(new ScriptArgs("fail"),
            new InsertOptions { Queue = "other", Tags = ["tag_1", "tag_2"], Metadata = "{\"m\":1}" })).Job.Id;
        await written;

        JobRow Seen(long id, int attempt)
        {
            lock (seen)
            {
                return seen.Single(r => r.Id == id && r.Attempt == attempt);
            }
        }
        var first = Seen(plain, 1);
        Assert.Equal((JobState.Running, "default", "{}", 0), (first.State, first.Queue, first.Metadata, first.Tags.Count));
        Assert.Equal([client.ClientId], first.AttemptedBy);
        var dressedFirst = Seen(dressed, 1);
        Assert.Equal(("other", "{\"m\": 1}"), (dressedFirst.Queue, dressedFirst.Metadata));
        Assert.Equal(["tag_1", "tag_2"], dressedFirst.Tags);

        // The retry (due after 1 s, picked up by the queue's poll): a second entry in attempted_by, one error, same
        // queue and tags.
        await WaitForOutcomesAsync(client, 1);
        var retry = Seen(dressed, 2);
        Assert.Equal([client.ClientId, client.ClientId], retry.AttemptedBy);
        Assert.Single(retry.Errors);
        Assert.Equal(["tag_1", "tag_2"], retry.Tags);
        Assert.Equal("other", retry.Queue);
    }

    [Fact]
    public async Task Jobs_are_worked_with_prepared_statements_turned_off()
    {
        var (client, _) = await StartScriptClientAsync(configure: o => o.PrepareStatements = false);
        var job = await RunOneAsync(client, new ScriptArgs("ok"));
        Assert.Equal(JobState.Completed, job.State);
    }

    [Fact]
    public async Task Output_is_recorded_in_metadata()
    {
        var (client, _) = await StartScriptClientAsync();
        var job = await RunOneAsync(client, new ScriptArgs("output", 42));
        Assert.Equal(JobState.Completed, job.State);
        using var metadata = JsonDocument.Parse(job.Metadata);
        Assert.Equal(42, metadata.RootElement.GetProperty("output").GetProperty("sum").GetInt32());
    }

    [Fact]
    public async Task Failure_records_the_error_and_schedules_a_retry()
    {
        var (client, _) = await StartScriptClientAsync();
        var before = DateTimeOffset.UtcNow;
        var job = await RunOneAsync(client, new ScriptArgs("fail", 7));
        // First retry is due after ~1 s, inside the scheduler interval: straight back to available, in the future.
        Assert.Equal(JobState.Available, job.State);
        Assert.True(job.ScheduledAt > before);
        var error = Assert.Single(job.Errors);
        Assert.Equal(1, error.Attempt);
        Assert.Contains("boom 7", error.Error, StringComparison.Ordinal);
        Assert.Contains("ScriptWorker", error.Trace, StringComparison.Ordinal);
        Assert.Null(job.FinalizedAt);
    }

    [Fact]
    public async Task Failure_on_the_last_attempt_discards()
    {
        var (client, _) = await StartScriptClientAsync();
        var job = await RunOneAsync(client, new ScriptArgs("fail"), new InsertOptions { MaxAttempts = 1 });
        Assert.Equal(JobState.Discarded, job.State);
        Assert.NotNull(job.FinalizedAt);
        Assert.Single(job.Errors);
    }

    [Fact]
    public async Task Later_retries_become_retryable_with_the_policys_time()
    {
        var policy = new FixedRetryPolicy(TimeSpan.FromHours(2));
        var (client, _) = await StartScriptClientAsync(configure: o => o.RetryPolicy = policy);
        var before = DateTimeOffset.UtcNow;
        var job = await RunOneAsync(client, new ScriptArgs("fail"));
        Assert.Equal(JobState.Retryable, job.State);
        Assert.InRange(job.ScheduledAt, before.AddHours(2).AddSeconds(-5), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(5));
        Assert.Equal(1, policy.Calls);
    }

    [Fact]
    public async Task The_due_soon_window_is_the_clients_configured_scheduler_interval()
    {
        // A 2-minute retry: beyond the default 5 s interval (retryable), within a configured 10-minute one (available).
        var (defaultClient, _) = await StartScriptClientAsync(configure: o => o.RetryPolicy = new FixedRetryPolicy(TimeSpan.FromMinutes(2)));
        Assert.Equal(JobState.Retryable, (await RunOneAsync(defaultClient, new ScriptArgs("fail"))).State);
        await defaultClient.StopAsync();

        var (client, _) = await StartScriptClientAsync(configure: o =>
        {
            o.RetryPolicy = new FixedRetryPolicy(TimeSpan.FromMinutes(2));
            o.Maintenance.SchedulerInterval = TimeSpan.FromMinutes(10);
        });
        var before = DateTimeOffset.UtcNow;
        var job = await RunOneAsync(client, new ScriptArgs("fail"));
        Assert.Equal(JobState.Available, job.State);
        Assert.True(job.ScheduledAt >= before.AddMinutes(2).AddSeconds(-5), "the retry time is kept: the job is not fetched before it");
    }

    [Fact]
    public async Task A_policy_returning_the_past_falls_back_to_the_default()
    {
        var (client, _) = await StartScriptClientAsync(configure: o => o.RetryPolicy = new FixedRetryPolicy(TimeSpan.FromHours(-1)));
        var before = DateTimeOffset.UtcNow;
        var job = await RunOneAsync(client, new ScriptArgs("fail"));
        Assert.Equal(JobState.Available, job.State);
        Assert.True(job.ScheduledAt > before);
    }

    [Fact]
    public async Task Snooze_does_not_use_an_attempt_and_counts_snoozes()
    {
        var (client, _) = await StartScriptClientAsync();
        var job = await RunOneAsync(client, new ScriptArgs("snooze", 600));
        Assert.Equal(JobState.Scheduled, job.State);
        Assert.Equal(0, job.Attempt);
        Assert.Empty(job.Errors);
        using var metadata = JsonDocument.Parse(job.Metadata);
        Assert.Equal(1, metadata.RootElement.GetProperty("snoozes").GetInt32());
        Assert.True(job.ScheduledAt > DateTimeOffset.UtcNow.AddMinutes(9));
    }

    [Fact]
    public async Task Cancel_is_final_and_recorded()
    {
        var (client, _) = await StartScriptClientAsync();
        var job = await RunOneAsync(client, new ScriptArgs("cancel"));
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.NotNull(job.FinalizedAt);
        Assert.Contains("no longer needed", Assert.Single(job.Errors).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeout_cancels_the_worker_and_is_recorded()
    {
        var (client, worker) = await StartScriptClientAsync(workerTimeout: TimeSpan.FromMilliseconds(200));
        var job = await RunOneAsync(client, new ScriptArgs("hang"));
        Assert.True(await worker.ObservedCancellation.Task);
        Assert.Equal(JobState.Available, job.State);
        Assert.Contains("timed out", Assert.Single(job.Errors).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_kind_is_an_error_on_the_job()
    {
        var (client, _) = await StartScriptClientAsync();
        var written = WaitForOutcomesAsync(client, 1);
        var id = (await client.InsertAsync(new NoopArgs(1))).Job.Id; // test.noop has no worker in this client
        await written;
        var job = await GetAsync(client, id);
        Assert.NotEqual(JobState.Running, job.State);
        Assert.Contains("No worker is registered for job kind 'test.noop'", Assert.Single(job.Errors).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Args_of_the_wrong_shape_written_by_raw_sql_are_an_error_on_the_job()
    {
        var (client, _) = await StartScriptClientAsync();
        var written = WaitForOutcomesAsync(client, 2);
        await using (var cmd = DataSource.CreateCommand(
            "INSERT INTO river_job (kind, args, max_attempts) VALUES ('test.script', '{\"action\": [1, 2]}', 1), ('test.script', '\"just a string\"', 1) RETURNING id"))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        await written;
        await using var read = DataSource.CreateCommand("SELECT state::text, errors[1]->>'error' FROM river_job ORDER BY id");
        await using var reader = await read.ExecuteReaderAsync();
        var count = 0;
        while (await reader.ReadAsync())
        {
            count++;
            Assert.Equal("discarded", reader.GetString(0));
            Assert.Contains("cannot be read", reader.GetString(1), StringComparison.Ordinal);
        }
        Assert.Equal(2, count);
    }

    private sealed class FixedRetryPolicy(TimeSpan delay) : IRetryPolicy
    {
        public int Calls;
        public DateTimeOffset NextRetry(JobRow job, DateTimeOffset now)
        {
            Interlocked.Increment(ref Calls);
            return now + delay;
        }
    }
}

/// <summary>Records every row it is given, then acts like <see cref="ScriptWorker"/> for "ok" and "fail".</summary>
internal sealed class RowRecordingWorker(List<JobRow> seen) : Worker<ScriptArgs>
{
    public override Task WorkAsync(Job<ScriptArgs> job, CancellationToken cancellationToken)
    {
        lock (seen)
        {
            seen.Add(job.Row);
        }
        return job.Args.Action == "fail" ? throw new InvalidOperationException("fails on purpose") : Task.CompletedTask;
    }
}
