using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Flow;

/// <summary>
/// Global concurrency limits and sequences with several clients on one database: each client could run far more
/// jobs at once than the limit, so only the fetch's enforcement keeps the side table's overlap at the limit.
/// </summary>
public sealed class FlowControlTests : RuntimeTestBase
{
    private const int Clients = 3;

    [Fact]
    public async Task A_kind_limit_of_3_is_reached_and_never_exceeded_by_three_clients_with_10_workers_each()
    {
        const int jobs = 60;
        await RunRecorder.CreateTableAsync(DataSource);
        var recorder = new RunRecorder(DataSource, jobs);
        var clients = Enumerable.Range(0, Clients).Select(_ => NewClient(o => { o.Queues.Add("flow_export", 10); o.Workers.Add(new ExportWorker(recorder)); })).ToList();
        await clients[0].InsertManyAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new ExportArgs(i))));
        foreach (var client in clients)
        {
            await client.StartAsync();
        }
        await recorder.AllDone.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(3, await RunRecorder.MaxOverlapAsync(DataSource, perPart: false));
        Assert.All(clients, c => Assert.True(c.Producers["flow_export"].FlowLimited));
        var limit = await clients[0].GetFlowLimitAsync(FlowScope.ForKind("flow.export"));
        Assert.NotNull(limit);
        Assert.Equal(3, limit.Limits.MaxRunning);
        Assert.False(limit.ChangedAtRunTime);
    }

    [Fact]
    public async Task A_per_customer_limit_of_1_holds_for_each_of_20_customers_while_customers_run_in_parallel()
    {
        const int customers = 20, perCustomer = 5, jobs = customers * perCustomer;
        await RunRecorder.CreateTableAsync(DataSource);
        var recorder = new RunRecorder(DataSource, jobs);
        var clients = Enumerable.Range(0, Clients).Select(_ => NewClient(o => { o.Queues.Add("flow_sync", 10); o.Workers.Add(new SyncWorker(recorder)); })).ToList();
        // Customer by customer: the first jobs in fetch order are all one customer's, so the fetch must step over them.
        await clients[0].InsertManyAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new SyncArgs(i / perCustomer, i))));
        foreach (var client in clients)
        {
            await client.StartAsync();
        }
        await recorder.AllDone.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(1, await RunRecorder.MaxOverlapAsync(DataSource, perPart: true));
        Assert.True(await RunRecorder.MaxOverlapAsync(DataSource, perPart: false) > 1, "different customers ran at the same time");
    }

    [Fact]
    public async Task Sequences_run_one_at_a_time_in_insertion_order_across_clients_and_show_their_holder()
    {
        const int orders = 3, steps = 15, jobs = orders * steps;
        await RunRecorder.CreateTableAsync(DataSource);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long firstOfOrder0 = 0;
        var recorder = new RunRecorder(DataSource, jobs)
        {
            DuringRun = async id =>
            {
                if (id == Volatile.Read(ref firstOfOrder0))
                {
                    holding.TrySetResult(id);
                    await gate.Task;
                }
            },
        };
        var clients = Enumerable.Range(0, Clients).Select(_ => NewClient(o => { o.Queues.Add("flow_seq", 10); o.Workers.Add(new StepWorker(recorder)); })).ToList();
        // Interleaved orders, so one fetch sees every order's next step.
        var inserted = await clients[0].InsertManyAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new StepArgs(i % orders, i))));
        Volatile.Write(ref firstOfOrder0, inserted[0].Job.Id);
        Assert.Equal("flow.step:0", System.Text.Json.JsonDocument.Parse(inserted[0].Job.Metadata).RootElement.GetProperty("river:sequence").GetString());
        foreach (var client in clients)
        {
            await client.StartAsync();
        }

        var holder = await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var sequence = Assert.Single(await clients[1].ListSequencesAsync(key: "flow.step:0"));
        Assert.Equal(holder, sequence.HolderJobId);
        Assert.Equal(JobState.Running, sequence.HolderState);
        Assert.Equal(steps - 1, sequence.Waiting);
        gate.SetResult();
        await recorder.AllDone.WaitAsync(TimeSpan.FromSeconds(90));
        foreach (var client in clients)
        {
            await client.StopAsync(); // every outcome written
        }

        Assert.Equal(1, await RunRecorder.MaxOverlapAsync(DataSource, perPart: true));
        // Within an order, each step starts after the previous one ended, in insertion order.
        await using var cmd = DataSource.CreateCommand("""
            SELECT count(*) FROM (
              SELECT started_at, lag(ended_at) OVER (PARTITION BY part ORDER BY n) AS previous_end,
                     n, lag(n) OVER (PARTITION BY part ORDER BY started_at) AS previous_n
              FROM flow_runs) s
            WHERE started_at < previous_end OR n < previous_n
            """);
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
        Assert.Empty(await clients[0].ListSequencesAsync());
    }

    [Fact]
    public async Task A_limit_set_at_run_time_is_applied_by_running_clients_and_a_reset_removes_it()
    {
        const int jobs = 40;
        await RunRecorder.CreateTableAsync(DataSource);
        var recorder = new RunRecorder(DataSource, jobs);
        var clients = Enumerable.Range(0, 2).Select(_ => NewClient(o => { o.Queues.Add("flow_plain", 10); o.Workers.Add(new PlainWorker(recorder)); })).ToList();
        foreach (var client in clients)
        {
            client.Producers["flow_plain"].FlowLimitedChanged.Init();
            await client.StartAsync();
            Assert.False(client.Producers["flow_plain"].FlowLimited);
        }
        var set = await clients[0].SetFlowLimitAsync(FlowScope.ForQueue("flow_plain"), new FlowOptions { MaxRunning = 2 });
        Assert.True(set.ChangedAtRunTime);
        foreach (var client in clients)
        {
            Assert.True(await client.Producers["flow_plain"].FlowLimitedChanged.WaitAsync());
        }
        await clients[0].InsertManyAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new PlainArgs(i))));
        await recorder.AllDone.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(2, await RunRecorder.MaxOverlapAsync(DataSource, perPart: false));

        Assert.True(await clients[1].ResetFlowLimitAsync(FlowScope.ForQueue("flow_plain")));
        Assert.Null(await clients[1].GetFlowLimitAsync(FlowScope.ForQueue("flow_plain")));
        foreach (var client in clients)
        {
            Assert.False(await client.Producers["flow_plain"].FlowLimitedChanged.WaitAsync());
        }
    }

    [Fact]
    public async Task The_limits_list_counts_exactly_below_the_cap_and_stops_at_it_for_a_queue_and_for_a_kind()
    {
        var client = NewClient(o => o.Workers.Add(new ExportWorker(new RunRecorder(DataSource, 0))));
        await using (var seed = DataSource.CreateCommand("""
            INSERT INTO river_job (args, kind, max_attempts, queue, state)
            SELECT '{}', 'flow.export', 25, 'flow_counts', 'available' FROM generate_series(1, 10005);
            INSERT INTO river_job (args, kind, max_attempts, queue, state, attempt, attempted_at)
            SELECT '{}', 'flow.export', 25, 'flow_counts', 'running', 1, now() FROM generate_series(1, 4);
            INSERT INTO river_job (args, kind, max_attempts, queue, state)
            SELECT '{}', 'flow.other', 25, 'flow_few', 'available' FROM generate_series(1, 3);
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }
        await client.SetFlowLimitAsync(FlowScope.ForQueue("flow_counts"), new FlowOptions { MaxRunning = 5 });
        await client.SetFlowLimitAsync(FlowScope.ForQueue("flow_few"), new FlowOptions { MaxRunning = 5 });
        await client.SetFlowLimitAsync(FlowScope.ForKind("flow.export"), new FlowOptions { MaxRunning = 5 });

        var queue = (await client.GetFlowLimitAsync(FlowScope.ForQueue("flow_counts")))!;
        Assert.Equal(4, queue.Running);
        Assert.Equal(FlowSqlCap, queue.Waiting);
        var few = (await client.GetFlowLimitAsync(FlowScope.ForQueue("flow_few")))!;
        Assert.Equal(0, few.Running);
        Assert.Equal(3, few.Waiting);
        var kind = (await client.GetFlowLimitAsync(FlowScope.ForKind("flow.export")))!;
        Assert.Equal(4, kind.Running);
        Assert.Equal(FlowSqlCap, kind.Waiting);
    }

    private const long FlowSqlCap = River.Database.Queries.FlowSql.CountCap;

    [Fact]
    public async Task Options_replace_the_attribute_and_an_operator_change_survives_a_client_start_until_reset()
    {
        var first = NewClient(o => { o.Workers.Add(new ExportWorker(new RunRecorder(DataSource, 0))); o.Flow.Kinds["flow.export"] = new FlowOptions { MaxRunning = 7 }; });
        await first.StartAsync();
        Assert.Equal(7, (await first.GetFlowLimitAsync(FlowScope.ForKind("flow.export")))!.Limits.MaxRunning);

        await first.SetFlowLimitAsync(FlowScope.ForKind("flow.export"), new FlowOptions { MaxRunning = 2, RateLimit = 100, RatePeriod = TimeSpan.FromMinutes(1) });
        var second = NewClient(o => o.Workers.Add(new ExportWorker(new RunRecorder(DataSource, 0))));
        await second.StartAsync();
        var kept = (await second.GetFlowLimitAsync(FlowScope.ForKind("flow.export")))!;
        Assert.True(kept.ChangedAtRunTime);
        Assert.Equal(2, kept.Limits.MaxRunning);
        Assert.Equal(100, kept.Limits.RateLimit);
        Assert.Equal(TimeSpan.FromMinutes(1), kept.Limits.RatePeriod);
        Assert.Equal(2, kept.Limits.RateBurst); // one second's worth of 100 a minute, rounded up

        Assert.True(await second.ResetFlowLimitAsync(FlowScope.ForKind("flow.export")));
        var restored = (await second.GetFlowLimitAsync(FlowScope.ForKind("flow.export")))!;
        Assert.False(restored.ChangedAtRunTime);
        Assert.Equal(3, restored.Limits.MaxRunning); // the second client's declaration: the attribute's
        Assert.Null(restored.Limits.RateLimit);
    }

    [Fact]
    public async Task A_queue_without_flow_rules_keeps_the_plain_fetch()
    {
        var worker = new CountingWorker(expected: 1);
        var client = NewClient(o => { o.Queues.Add("default", 2); o.Workers.Add(Defs.Noop, _ => worker); });
        await client.StartAsync();
        await client.InsertAsync(new NoopArgs(1));
        await worker.AllDone.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(client.Producers["default"].FlowLimited);
        Assert.Empty(await client.ListFlowLimitsAsync());
    }

    [Fact]
    public async Task A_sequence_key_into_a_queue_not_declared_sequenced_is_refused_naming_the_fix()
    {
        var client = NewClient();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.InsertAsync(new PlainArgs(1), new InsertOptions { SequenceKey = "order-1" }));
        Assert.Contains("SequencedQueues", error.Message, StringComparison.Ordinal);
        Assert.Contains("flow_plain", error.Message, StringComparison.Ordinal);

        var declared = NewClient(o => o.Flow.SequencedQueues.Add("flow_plain"));
        var job = (await declared.InsertAsync(new PlainArgs(1), new InsertOptions { SequenceKey = "order-1", Metadata = """{"a":1}""" })).Job;
        var metadata = System.Text.Json.JsonDocument.Parse(job.Metadata).RootElement;
        Assert.Equal("order-1", metadata.GetProperty("river:sequence").GetString());
        Assert.Equal(1, metadata.GetProperty("a").GetInt32());
    }

    [Theory]
    [InlineData(0, null, null, "at least 1")]
    [InlineData(-3, null, null, "at least 1")]
    [InlineData(2, 0, 1.0, "at least 1 start per period")]
    [InlineData(2, 5, 0.0, "between 1 ms and 31 days")]
    [InlineData(2, 5, 4e7, "between 1 ms and 31 days")]
    public void Invalid_limits_in_options_fail_the_client_construction_naming_the_kind(int max, int? rate, double? periodSeconds, string expected)
    {
        var error = Assert.Throws<RiverConfigurationException>(() => NewClient(o => o.Flow.Kinds["flow.plain"] = new FlowOptions
        {
            MaxRunning = max,
            RateLimit = rate,
            RatePeriod = periodSeconds is { } p ? TimeSpan.FromSeconds(p) : null,
        }));
        Assert.Contains("flow.plain", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partition_on_a_queue_or_a_malformed_path_fails_the_client_construction()
    {
        var queue = Assert.Throws<RiverConfigurationException>(() => NewClient(o => o.Flow.Queues["flow_plain"] = new FlowOptions { MaxRunning = 1, PartitionBy = "customer_id" }));
        Assert.Contains("partition a kind's limit instead", queue.Message, StringComparison.Ordinal);
        var path = Assert.Throws<RiverConfigurationException>(() => NewClient(o => o.Flow.Kinds["flow.plain"] = new FlowOptions { MaxRunning = 1, PartitionBy = "customer..id" }));
        Assert.Contains("empty property name", path.Message, StringComparison.Ordinal);
        var rateless = Assert.Throws<RiverConfigurationException>(() => NewClient(o => o.Flow.Kinds["flow.plain"] = new FlowOptions { RateLimit = 5 }));
        Assert.Contains("needs a RatePeriod", rateless.Message, StringComparison.Ordinal);
    }
}
