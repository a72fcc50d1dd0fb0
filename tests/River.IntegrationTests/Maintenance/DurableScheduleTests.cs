using River.IntegrationTests.Infrastructure;
using System.Text.Json;
using Npgsql;
using River.IntegrationTests.Runtime;
using River.Periodic;

namespace River.IntegrationTests.Maintenance;

/// <summary>
/// Durable schedules (river_typed_schedule, line typed): declarations upserted at start and settled between app
/// versions, run-time management, and the leader's one-transaction enqueue, on a fake clock against the real database.
/// </summary>
public sealed class DurableScheduleTests : MaintenanceTestBase
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The clock on a whole second, so times the database stores (microseconds) compare equal.</summary>
    public DurableScheduleTests() => Clock.SetUtcNow(new DateTimeOffset(Now.UtcTicks - Now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(1));

    private PeriodicJobEnqueuer EnqueuerOf(RiverClient client) => client.Maintenance.Get<PeriodicJobEnqueuer>()!;

    private static PeriodicJob Every(TimeSpan interval, string id = "declared") =>
        PeriodicJob.Create(id, new IntervalSchedule(interval), ctx => new NoopArgs(ctx.PlannedAt.Minute));

    private async Task<List<(long Id, DateTimeOffset ScheduledAt, string Kind, string Args, string Queue)>> RunsAsync(string id)
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT id, scheduled_at, kind, args::text, queue FROM river_job WHERE metadata->>'river:periodic_job_id' = @id ORDER BY scheduled_at, id");
        cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<(long, DateTimeOffset, string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }
        return rows;
    }

    [Fact]
    public async Task Every_client_upserts_its_declarations_at_start_and_a_restart_keeps_the_next_run()
    {
        var client = NewMaintenanceClient(o => o.PeriodicJobs.Add(Every(TimeSpan.FromHours(1))));
        await client.StartAsync();
        await client.StopAsync();
        var row = Assert.Single(await client.ListSchedulesAsync());
        Assert.Equal(("declared", ScheduleOwner.Code, "@every 1h", "test.noop"), (row.Id, row.Owner, row.Schedule, row.Kind ?? "test.noop"));
        Assert.Equal(Now + TimeSpan.FromHours(1), row.NextRunAt);
        Assert.Null(row.LastRunAt);

        Clock.Advance(TimeSpan.FromMinutes(10)); // a restart 10 minutes later does not push the run out
        var restarted = NewMaintenanceClient(o => o.PeriodicJobs.Add(Every(TimeSpan.FromHours(1))));
        await restarted.StartAsync();
        await restarted.StopAsync();
        Assert.Equal(row.NextRunAt, (await restarted.GetScheduleAsync("declared"))!.NextRunAt);
    }

    [Fact]
    public async Task Two_app_versions_that_disagree_settle_on_the_newer_declaration_whatever_the_start_order()
    {
        RiverClient Version(string version, TimeSpan interval) => NewMaintenanceClient(o =>
        {
            o.AppVersion = version;
            o.PeriodicJobs.Add(Every(interval));
        });

        foreach (var (version, interval) in new[] { ("1.2.0", TimeSpan.FromMinutes(5)), ("1.10.0", TimeSpan.FromMinutes(7)), ("1.2.0", TimeSpan.FromMinutes(5)) })
        {
            var client = Version(version, interval);
            await client.StartAsync();
            await client.StopAsync();
        }
        var row = (await Version("0.1", Minute).GetScheduleAsync("declared"))!;
        Assert.Equal(("@every 7m", "1.10.0"), (row.Schedule, row.DefinitionVersion));
        Assert.Equal(Now + TimeSpan.FromMinutes(7), row.NextRunAt); // the timing changed once, with the newer declaration

        // The older version, leading, fires on the stored (newer) schedule with its own constructor.
        var older = Version("1.2.0", TimeSpan.FromMinutes(5));
        Clock.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(1, await EnqueuerOf(older).RunOnceAsync());
        Assert.Equal(Now + TimeSpan.FromMinutes(7), EnqueuerOf(older).NextRuns["declared"]);
    }

    [Fact]
    public async Task A_run_time_schedule_is_enqueued_by_any_leader_with_its_stored_args_and_advances_in_the_same_transaction()
    {
        var admin = NewMaintenanceClient();
        var added = await admin.AddScheduleAsync("reports.hourly", "0 * * * *", JobInsertRequest.Create(new NoopArgs(42), new InsertOptions { Queue = "reports", Priority = 2, Tags = ["reports"] }));
        Assert.Equal((ScheduleOwner.Runtime, "test.noop", "reports", 2), (added.Owner, added.Kind, added.Queue, added.Priority));
        var firstRun = CronSchedule.Parse("0 * * * *").Next(Now);
        Assert.Equal(firstRun, added.NextRunAt);
        await Assert.ThrowsAsync<InvalidOperationException>(() => admin.AddScheduleAsync("reports.hourly", "@every 1h", JobInsertRequest.Create(new NoopArgs(1))));

        var leader = NewMaintenanceClient(); // declares nothing: the stored args are enough
        Assert.Equal(0, await EnqueuerOf(leader).RunOnceAsync());
        Clock.SetUtcNow(firstRun + TimeSpan.FromSeconds(3));
        Assert.Equal(1, await EnqueuerOf(leader).RunOnceAsync());
        Assert.Equal(0, await EnqueuerOf(leader).RunOnceAsync());

        var run = Assert.Single(await RunsAsync("reports.hourly"));
        Assert.Equal((firstRun, "test.noop", "reports"), (run.ScheduledAt, run.Kind, run.Queue));
        Assert.Equal(42, JsonDocument.Parse(run.Args).RootElement.GetProperty("n").GetInt32()); // the args type's own JSON (snake_case)
        var row = (await admin.GetScheduleAsync("reports.hourly"))!;
        Assert.Equal((firstRun + TimeSpan.FromHours(1), firstRun, run.Id), (row.NextRunAt!.Value, row.LastRunAt!.Value, row.LastJobId!.Value));
    }

    [Fact]
    public async Task Pause_stops_runs_trigger_enqueues_one_now_and_resume_skips_what_fell_due_while_paused()
    {
        var admin = NewMaintenanceClient();
        var events = admin.SubscribeEvents(RiverEventKind.SchedulePaused, RiverEventKind.ScheduleTriggered, RiverEventKind.ScheduleResumed);
        await admin.AddScheduleAsync("sync", "@every 1m", "test.noop", """{"N":1}""");
        var leader = EnqueuerOf(NewMaintenanceClient());
        await admin.PauseScheduleAsync("sync");

        Clock.Advance(5 * Minute);
        Assert.Equal(0, await leader.RunOnceAsync());
        var triggered = await admin.TriggerScheduleAsync("sync");
        Assert.Equal(Now, triggered.TriggerPendingAt);
        Assert.Equal(1, await leader.RunOnceAsync());
        Assert.Equal(0, await leader.RunOnceAsync());
        Assert.Equal([Now], (await RunsAsync("sync")).Select(r => r.ScheduledAt));

        var resumed = await admin.ResumeScheduleAsync("sync");
        Assert.Equal((false, Now + Minute), (resumed.Paused, resumed.NextRunAt!.Value));
        Assert.Equal(0, await leader.RunOnceAsync()); // nothing missed while paused is caught up
        Clock.Advance(Minute);
        Assert.Equal(1, await leader.RunOnceAsync());

        var kinds = new List<RiverEventKind>();
        while (kinds.Count < 3 && events.Reader.TryRead(out var e))
        {
            Assert.Equal("sync", e.ScheduleId);
            kinds.Add(e.Kind);
        }
        Assert.Equal([RiverEventKind.SchedulePaused, RiverEventKind.ScheduleTriggered, RiverEventKind.ScheduleResumed], kinds);
        await Assert.ThrowsAsync<RiverNotFoundException>(() => admin.PauseScheduleAsync("no_such"));
    }

    [Fact]
    public async Task Update_changes_a_run_time_schedule_and_refuses_a_code_one_and_remove_deletes()
    {
        var admin = NewMaintenanceClient(o => o.PeriodicJobs.Add(Every(Minute)));
        await admin.StartAsync();
        await admin.StopAsync();
        await admin.AddScheduleAsync("cleanup", "@every 1h", "test.noop", "{}");

        var updated = await admin.UpdateScheduleAsync("cleanup", "@every 2h", "test.noop", """{"N":2}""", new InsertOptions { Queue = "low" });
        Assert.Equal(("@every 2h", "low", Now + TimeSpan.FromHours(2)), (updated.Schedule, updated.Queue, updated.NextRunAt!.Value));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => admin.UpdateScheduleAsync("declared", "@every 2h", "test.noop", "{}"));
        Assert.Contains("declared in code", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RiverNotFoundException>(() => admin.UpdateScheduleAsync("missing", "@every 2h", "test.noop", "{}"));
        Assert.Throws<ArgumentException>(() => admin.AddScheduleAsync("bad", "@every 5", "test.noop", "{}").GetAwaiter().GetResult());
        await Assert.ThrowsAsync<ArgumentException>(() => admin.AddScheduleAsync("bad", "0 3 * * *", "test.noop", "[]"));
        await Assert.ThrowsAsync<ArgumentException>(() => admin.AddScheduleAsync("bad", "0 3 * * *", "test.noop", "{}", options: new ScheduleOptions { TimeZone = "Mars/Olympus" }));

        Assert.True(await admin.RemoveScheduleAsync("cleanup"));
        Assert.False(await admin.RemoveScheduleAsync("cleanup"));
        Assert.Equal(["declared"], (await admin.ListSchedulesAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task A_leader_that_dies_inside_the_enqueue_transaction_leaves_the_run_due_and_the_next_leader_enqueues_it_once()
    {
        var admin = NewMaintenanceClient();
        await admin.AddScheduleAsync("once", "@every 1m", "test.noop", "{}");
        Clock.Advance(Minute);

        var dying = EnqueuerOf(NewMaintenanceClient());
        dying.BeforeCommit = (_, _, _) => throw new InvalidOperationException("killed after the insert, before the commit");
        await Assert.ThrowsAsync<InvalidOperationException>(() => dying.RunOnceAsync());
        Assert.Empty(await RunsAsync("once"));
        Assert.Equal(Now, (await admin.GetScheduleAsync("once"))!.NextRunAt);

        var next = EnqueuerOf(NewMaintenanceClient());
        Assert.Equal(1, await next.RunOnceAsync());
        Assert.Equal(0, await next.RunOnceAsync());
        Assert.Single(await RunsAsync("once"));
    }

    [Fact]
    public async Task Two_leaders_racing_on_one_due_run_enqueue_it_once()
    {
        var admin = NewMaintenanceClient();
        await admin.AddScheduleAsync("race", "@every 1m", "test.noop", "{}");
        Clock.Advance(Minute);
        var a = EnqueuerOf(NewMaintenanceClient());
        var b = EnqueuerOf(NewMaintenanceClient());

        // Hold the row's lock so both enqueuers queue up behind it, then let them race.
        await using var holder = await DataSource.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT 1 FROM river_typed_schedule WHERE id = 'race' FOR UPDATE", holder, tx))
        {
            await take.ExecuteNonQueryAsync();
        }
        var runs = Task.WhenAll(a.RunOnceAsync(), b.RunOnceAsync());
        await Sql.WaitForLockWaitersAsync(DataSource, Wait, count: 2); // both runs wait
        await tx.CommitAsync();

        Assert.Equal(1, (await runs.WaitAsync(Wait)).Sum());
        Assert.Single(await RunsAsync("race"));
    }

    [Fact]
    public async Task A_client_declaring_periodic_jobs_on_a_database_without_line_typed_is_refused_with_the_fix()
    {
        await ExecuteAsync("DROP TABLE river_typed_schedule");
        var client = NewMaintenanceClient(o => o.PeriodicJobs.Add(Every(Minute)));
        var e = await Assert.ThrowsAsync<RiverStartupException>(() => client.StartAsync());
        Assert.Contains("river migrate-up", e.Message, StringComparison.Ordinal);
    }
}
