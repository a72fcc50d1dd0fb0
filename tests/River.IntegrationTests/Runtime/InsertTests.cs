using Npgsql;

namespace River.IntegrationTests.Runtime;

public sealed class InsertTests : RuntimeTestBase
{
    [Fact]
    public async Task Rolled_back_transactional_insert_leaves_no_job_and_committed_one_is_worked()
    {
        var worker = new CountingWorker(expected: 1);
        var client = NewClient(o => { o.Queues.Add("default", 5); o.Workers.Add(Defs.Noop, _ => worker); });
        await client.StartAsync();

        await using (var conn = await DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await client.InsertAsync(new NoopArgs(1), tx);
            await tx.RollbackAsync();
        }
        Assert.Equal(0, await CountAsync());

        long id;
        await using (var conn = await DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            id = (await client.InsertAsync(new NoopArgs(2), tx)).Job.Id;
            await tx.CommitAsync();
        }
        await worker.AllDone.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, worker.RunsById[id]);
    }

    [Fact]
    public async Task Options_resolve_call_over_attribute_over_client_default()
    {
        var client = NewClient(o => o.MaxAttempts = 11);
        var fromDefaults = (await client.InsertAsync(new OtherQueueArgs(1))).Job;
        Assert.Equal(("other", 3, 7), (fromDefaults.Queue, fromDefaults.Priority, fromDefaults.MaxAttempts));
        Assert.Equal(["tag_a", "tag_b"], fromDefaults.Tags);

        var fromCall = (await client.InsertAsync(new OtherQueueArgs(1), new InsertOptions { Queue = "q2", Priority = 4, MaxAttempts = 2, Tags = ["x_1"] })).Job;
        Assert.Equal(("q2", 4, 2), (fromCall.Queue, fromCall.Priority, fromCall.MaxAttempts));
        Assert.Equal(["x_1"], fromCall.Tags);

        var clientDefault = (await client.InsertAsync(new NoopArgs(1))).Job;
        Assert.Equal(("default", 1, 11, JobState.Available), (clientDefault.Queue, clientDefault.Priority, clientDefault.MaxAttempts, clientDefault.State));
        Assert.Equal("{\"n\": 1}", System.Text.Encoding.UTF8.GetString(clientDefault.EncodedArgs.Span));
    }

    [Fact]
    public async Task Future_scheduled_at_inserts_scheduled_and_pending_inserts_pending()
    {
        var client = NewClient();
        var at = DateTimeOffset.UtcNow.AddHours(1);
        var scheduled = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { ScheduledAt = at })).Job;
        Assert.Equal(JobState.Scheduled, scheduled.State);
        Assert.Equal(at.ToUnixTimeMilliseconds(), scheduled.ScheduledAt.ToUnixTimeMilliseconds());
        var pending = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { Pending = true })).Job;
        Assert.Equal(JobState.Pending, pending.State);
        var past = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { ScheduledAt = at.AddDays(-1) })).Job;
        Assert.Equal(JobState.Available, past.State);
    }

    [Theory]
    [InlineData(0, null, null, null, "Priority")]
    [InlineData(5, null, null, null, "Priority")]
    [InlineData(null, 0, null, null, "MaxAttempts")]
    [InlineData(null, 32768, null, null, "MaxAttempts")]
    [InlineData(null, null, "bad queue; drop table", null, "ueue")]
    [InlineData(null, null, null, "[1,2]", "JSON object")]
    [InlineData(null, null, null, "{\"output\":1}", "output")]
    [InlineData(null, null, null, "{not json", "JSON object")]
    public async Task Invalid_options_throw_before_touching_the_database(int? priority, int? maxAttempts, string? queue, string? metadata, string expectedInMessage)
    {
        var client = NewClient();
        var opts = new InsertOptions { Priority = priority, MaxAttempts = maxAttempts, Queue = queue, Metadata = metadata };
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new NoopArgs(1), opts));
        Assert.Contains(expectedInMessage, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Invalid_tag_and_nul_bytes_are_refused_with_clear_errors()
    {
        var client = NewClient();
#pragma warning disable RIVER0007 // deliberately invalid: the runtime's own check is under test
        var tag = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new NoopArgs(1), new InsertOptions { Tags = ["has,comma"] }));
#pragma warning restore RIVER0007
        Assert.Contains("ag", tag.Message, StringComparison.Ordinal);
        var nul = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new ScriptArgs("a\0b")));
        Assert.Contains("NUL", nul.Message, StringComparison.Ordinal);
        // An escaped backslash followed by "u0000" is an ordinary string.
        var fine = await client.InsertAsync(new ScriptArgs("a\\u0000b"));
        Assert.False(fine.UniqueSkippedAsDuplicate);
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task Insert_many_returns_rows_in_order()
    {
        var client = NewClient();
        var results = await client.InsertManyAsync(Enumerable.Range(0, 50).Select(i => JobInsertRequest.Create(new NoopArgs(i))));
        Assert.Equal(50, results.Count);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal($"{{\"n\": {i}}}", System.Text.Encoding.UTF8.GetString(results[i].Job.EncodedArgs.Span));
        }
        Assert.True(results.Select(r => r.Job.Id).SequenceEqual(results.Select(r => r.Job.Id).Order()));
    }

    [Fact]
    public async Task Unique_insert_from_20_concurrent_tasks_makes_one_row()
    {
        var client = NewClient();
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await client.InsertAsync(new UniqueArgs("same"));
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(1, await CountAsync());
        Assert.Single(results, r => !r.UniqueSkippedAsDuplicate);
        Assert.Equal(19, results.Count(r => r.UniqueSkippedAsDuplicate));
        Assert.Single(results.Select(r => r.Job.Id).Distinct());

        var other = await client.InsertAsync(new UniqueArgs("other"));
        Assert.False(other.UniqueSkippedAsDuplicate);
    }

    [Fact]
    public async Task Unique_jobs_repeated_within_one_insert_many_are_inserted_once()
    {
        var client = NewClient();
        var results = await client.InsertManyAsync([
            JobInsertRequest.Create(new UniqueArgs("k")), JobInsertRequest.Create(new UniqueArgs("k")), JobInsertRequest.Create(new UniqueArgs("j"))]);
        Assert.Equal([false, true, false], results.Select(r => r.UniqueSkippedAsDuplicate));
        Assert.Equal(results[0].Job.Id, results[1].Job.Id);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task Copy_path_inserts_100_000_rows()
    {
        var client = NewClient();
        var count = await client.InsertManyFastAsync(Enumerable.Range(0, 100_000).Select(i => JobInsertRequest.Create(new NoopArgs(i))));
        Assert.Equal(100_000, count);
        Assert.Equal(100_000, await CountAsync("state = 'available' AND kind = 'test.noop'"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertManyFastAsync([JobInsertRequest.Create(new UniqueArgs("x"))]));
    }

    [Fact]
    public async Task Copy_path_leaves_out_default_columns_yet_stores_every_value()
    {
        // The COPY sends only the optional columns some row of the batch needs; every other column takes River's default.
        var client = NewClient();
        var past = DateTimeOffset.UtcNow.AddMinutes(-5);
        var count = await client.InsertManyFastAsync([
            JobInsertRequest.Create(new NoopArgs(1)),
            JobInsertRequest.Create(new NoopArgs(2), new InsertOptions { Queue = "q2", Priority = 3, MaxAttempts = 5, Tags = ["tag_a", "tag_b"], Metadata = "{\"x\":1}", ScheduledAt = past }),
        ]);
        Assert.Equal(2, count);
        var rows = (await client.ListJobsAsync(new JobListOptions())).Jobs.OrderBy(j => j.Id).ToList();
        Assert.Equal(2, rows.Count);
        var plain = rows[0];
        Assert.Equal(("default", 1, 25, "{}", 0), (plain.Queue, plain.Priority, plain.MaxAttempts, plain.Metadata, plain.Tags.Count));
        var custom = rows[1];
        Assert.Equal(("q2", 3, 5), (custom.Queue, custom.Priority, custom.MaxAttempts));
        Assert.Equal(["tag_a", "tag_b"], custom.Tags);
        Assert.Equal("{\"x\": 1}", custom.Metadata);
        Assert.Equal(past.ToUnixTimeMilliseconds(), custom.ScheduledAt.ToUnixTimeMilliseconds());
        Assert.True(plain.ScheduledAt > past);

        // Only defaults in the batch: two columns go out, the rest are the schema's defaults...
        await client.InsertManyFastAsync([JobInsertRequest.Create(new NoopArgs(3))]);
        Assert.Equal(1, await CountAsync("args->>'n' = '3' AND queue = 'default' AND priority = 1 AND max_attempts = 25 AND metadata = '{}' AND tags = '{}' AND scheduled_at <= now()"));

        // ...but a client default that differs from the schema's is sent.
        var seven = NewClient(o => o.MaxAttempts = 7);
        await seven.InsertManyFastAsync([JobInsertRequest.Create(new NoopArgs(4))]);
        Assert.Equal(1, await CountAsync("args->>'n' = '4' AND max_attempts = 7"));
    }

    [Fact]
    public async Task Copy_path_dates_a_row_without_a_time_by_the_clients_clock()
    {
        // A batch where one row has a time sends the column for all; the others are due "now" on the client's clock.
        // (Both rows are available on that clock, so both go through the COPY.)
        var now = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var client = NewClient(o => o.TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        await client.InsertManyFastAsync([
            JobInsertRequest.Create(new NoopArgs(1)),
            JobInsertRequest.Create(new NoopArgs(2), new InsertOptions { ScheduledAt = now.AddHours(-1) }),
        ]);
        var rows = (await client.ListJobsAsync(new JobListOptions())).Jobs.OrderBy(j => j.Id).ToList();
        Assert.Equal(now, rows[0].ScheduledAt);
        Assert.Equal(now.AddHours(-1), rows[1].ScheduledAt);
    }

    [Fact]
    public async Task Insert_notifies_the_queue_in_the_same_transaction()
    {
        var client = NewClient();
        await using var listener = await DataSource.OpenConnectionAsync();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) => received.TrySetResult(e.Channel + " " + e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN \"public.river_insert\"", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }
        await client.InsertAsync(new OtherQueueArgs(1));
        var waiting = listener.WaitAsync();
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("public.river_insert {\"queue\" : \"other\"}", message);
    }
}
