using System.Text.Json;
using River.IntegrationTests.Runtime;
using River.Periodic;

namespace River.IntegrationTests.Maintenance;

public sealed class PeriodicJobTests : MaintenanceTestBase
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Moves the clock to <paramref name="offset"/> past the next whole minute and returns that minute.</summary>
    private DateTimeOffset AlignToMinute(TimeSpan offset)
    {
        var next = new EverySchedule(Minute).Next(Now);
        Clock.SetUtcNow(next + offset);
        return next;
    }

    private static PeriodicJob EveryMinute(string id = "every_minute", bool runOnStart = false, InsertOptions? opts = null) =>
        PeriodicJob.Create(id, new EverySchedule(Minute), ctx => new NoopArgs(ctx.PlannedAt.Minute), opts, runOnStart);

    private PeriodicJobEnqueuer EnqueuerOf(RiverClient client) => client.Maintenance.Get<PeriodicJobEnqueuer>()!;

    private async Task<List<(DateTimeOffset ScheduledAt, string State, string Metadata)>> PeriodicJobsAsync(string id)
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT scheduled_at, state::text, metadata::text FROM river_job WHERE metadata->>'river:periodic_job_id' = @id ORDER BY scheduled_at");
        cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<(DateTimeOffset, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2)));
        }
        return rows;
    }

    [Fact]
    public async Task Fires_on_time_with_scheduled_at_equal_to_the_planned_time_and_periodic_metadata()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(10));
        var client = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute()));
        var enqueuer = EnqueuerOf(client);

        var sleep = NextSleepAsync(enqueuer);
        var firstRun = NextRunAsync(enqueuer);
        await enqueuer.StartAsync();
        Assert.Equal(0, await firstRun);
        Assert.Equal(PeriodicJobEnqueuer.MaxSleep, await sleep); // 50 s to go, but it looks at the table every 5 s
        Assert.Empty(await PeriodicJobsAsync("every_minute"));

        // The leader is a little late each time; scheduled_at stays on the planned minute (no drift).
        for (var i = 1; i <= 3; i++)
        {
            var run = NextRunAsync(enqueuer);
            var nextSleep = NextSleepAsync(enqueuer);
            Clock.SetUtcNow(t0 + i * Minute + TimeSpan.FromMilliseconds(300));
            Assert.Equal(1, await run);
            Assert.Equal(PeriodicJobEnqueuer.MaxSleep, await nextSleep);
        }
        await enqueuer.StopAsync();

        var jobs = await PeriodicJobsAsync("every_minute");
        Assert.Equal([t0 + Minute, t0 + 2 * Minute, t0 + 3 * Minute], jobs.Select(j => j.ScheduledAt));
        Assert.All(jobs, j => Assert.Equal("available", j.State));
        using var metadata = JsonDocument.Parse(jobs[0].Metadata);
        Assert.True(metadata.RootElement.GetProperty("periodic").GetBoolean());
        Assert.Equal("every_minute", metadata.RootElement.GetProperty("river:periodic_job_id").GetString());
    }

    [Fact]
    public async Task A_new_leader_neither_repeats_nor_skips_firings_of_the_old_one()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(1));
        var oldLeader = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute()));
        var newLeader = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute()));
        var oldEnqueuer = EnqueuerOf(oldLeader);

        Assert.Equal(0, await oldEnqueuer.RunOnceAsync());
        Clock.SetUtcNow(t0 + Minute);
        Assert.Equal(1, await oldEnqueuer.RunOnceAsync());
        Clock.SetUtcNow(t0 + 2 * Minute + TimeSpan.FromSeconds(5));
        Assert.Equal(1, await oldEnqueuer.RunOnceAsync());
        await oldLeader.Maintenance.OnLeadershipChangedAsync(false, CancellationToken.None);

        // The new leader takes over between firings: nothing to repeat, the next firing is the old schedule's next.
        Clock.SetUtcNow(t0 + 2 * Minute + TimeSpan.FromSeconds(20));
        var newEnqueuer = EnqueuerOf(newLeader);
        Assert.Equal(0, await newEnqueuer.RunOnceAsync());
        Assert.Equal(t0 + 3 * Minute, newEnqueuer.NextRuns["every_minute"]);
        Clock.SetUtcNow(t0 + 3 * Minute);
        Assert.Equal(1, await newEnqueuer.RunOnceAsync());

        var jobs = await PeriodicJobsAsync("every_minute");
        Assert.Equal([t0 + Minute, t0 + 2 * Minute, t0 + 3 * Minute], jobs.Select(j => j.ScheduledAt));
    }

    [Fact]
    public async Task A_new_leader_enqueues_the_newest_firing_missed_during_the_handover_once()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(1));
        var oldLeader = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute()));
        var newLeader = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute()));
        await EnqueuerOf(oldLeader).RunOnceAsync();
        Clock.SetUtcNow(t0 + Minute);
        Assert.Equal(1, await EnqueuerOf(oldLeader).RunOnceAsync());

        // The old leader dies; nobody leads while t0+2m and t0+3m pass.
        Clock.SetUtcNow(t0 + 3 * Minute + TimeSpan.FromSeconds(15));
        var newEnqueuer = EnqueuerOf(newLeader);
        Assert.Equal(1, await newEnqueuer.RunOnceAsync());
        Assert.Equal(0, await newEnqueuer.RunOnceAsync());
        Assert.Equal(t0 + 4 * Minute, newEnqueuer.NextRuns["every_minute"]);

        var jobs = await PeriodicJobsAsync("every_minute");
        Assert.Equal([t0 + Minute, t0 + 3 * Minute], jobs.Select(j => j.ScheduledAt));
    }

    [Fact]
    public async Task A_firing_missed_longer_ago_than_the_catch_up_window_is_not_enqueued()
    {
        var every3h = new EverySchedule(TimeSpan.FromHours(3));
        var t1 = every3h.Next(Now);
        Clock.SetUtcNow(t1);
        PeriodicJob Job() => PeriodicJob.Create("every_3h", every3h, _ => new NoopArgs(1));
        var oldLeader = NewMaintenanceClient(o => o.PeriodicJobs.Add(Job()));
        var newLeader = NewMaintenanceClient(o => { o.PeriodicJobs.Add(Job()); o.Maintenance.PeriodicCatchUpWindow = TimeSpan.FromHours(1); });
        Assert.Equal(0, await EnqueuerOf(oldLeader).RunOnceAsync()); // first sight: next is t1 + 3h
        Clock.SetUtcNow(t1 + TimeSpan.FromHours(3));
        Assert.Equal(1, await EnqueuerOf(oldLeader).RunOnceAsync());

        Clock.SetUtcNow(t1 + TimeSpan.FromHours(8)); // t1+6h was missed 2 h ago
        var newEnqueuer = EnqueuerOf(newLeader);
        Assert.Equal(0, await newEnqueuer.RunOnceAsync());
        Assert.Equal(t1 + TimeSpan.FromHours(9), newEnqueuer.NextRuns["every_3h"]);
    }

    [Fact]
    public async Task Two_enqueuers_overlapping_on_one_firing_insert_it_once()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(1));
        var a = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute()));
        var b = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute()));
        await EnqueuerOf(a).RunOnceAsync();
        await EnqueuerOf(b).RunOnceAsync();
        Clock.SetUtcNow(t0 + Minute);

        // Hold the schedule row's lock so both enqueuers queue up behind it, then let them race.
        await using var holder = await DataSource.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var take = new Npgsql.NpgsqlCommand("SELECT 1 FROM river_typed_schedule WHERE id = 'every_minute' FOR UPDATE", holder, tx))
        {
            await take.ExecuteNonQueryAsync();
        }
        var runs = Task.WhenAll(EnqueuerOf(a).RunOnceAsync(), EnqueuerOf(b).RunOnceAsync());
        // No signal exists for "waiting on a lock in the server": watch pg_locks for both waiters.
        using (var give = new CancellationTokenSource(Wait))
        {
            while (await ScalarAsync<long>("SELECT count(DISTINCT l.pid) FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()") < 2)
            {
                await Task.Delay(20, give.Token);
            }
        }
        await tx.CommitAsync();

        var inserted = await runs.WaitAsync(Wait);
        Assert.Equal(1, inserted.Sum());
        Assert.Single(await PeriodicJobsAsync("every_minute"));
    }

    [Fact]
    public async Task RunOnStart_fires_at_once_when_the_job_never_fired_but_not_again_for_a_later_leader()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(20));
        var start = Now;
        var first = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute(runOnStart: true)));
        Assert.Equal(1, await EnqueuerOf(first).RunOnceAsync());
        Assert.Equal(t0 + Minute, EnqueuerOf(first).NextRuns["every_minute"]);

        Clock.Advance(TimeSpan.FromSeconds(10));
        var second = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute(runOnStart: true)));
        Assert.Equal(0, await EnqueuerOf(second).RunOnceAsync());

        var jobs = await PeriodicJobsAsync("every_minute");
        Assert.Equal([start], jobs.Select(j => j.ScheduledAt));
    }

    [Fact]
    public async Task A_constructor_returning_null_or_throwing_skips_that_firing_only()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(1));
        var calls = new List<DateTimeOffset>();
        var client = NewMaintenanceClient(o => o.PeriodicJobs.Add("picky", new EverySchedule(Minute), ctx =>
        {
            calls.Add(ctx.PlannedAt);
            Assert.Equal("picky", ctx.PeriodicJobId);
            return (calls.Count % 3) switch
            {
                1 => null,
                2 => throw new InvalidOperationException("constructor bug"),
                _ => JobInsertRequest.Create(new NoopArgs(calls.Count)),
            };
        }));
        var enqueuer = EnqueuerOf(client);
        await enqueuer.RunOnceAsync();
        for (var i = 1; i <= 3; i++)
        {
            Clock.SetUtcNow(t0 + i * Minute);
            await enqueuer.RunOnceAsync();
        }
        Assert.Equal([t0 + Minute, t0 + 2 * Minute, t0 + 3 * Minute], calls);
        Assert.Equal([t0 + 3 * Minute], (await PeriodicJobsAsync("picky")).Select(j => j.ScheduledAt));
    }

    [Fact]
    public async Task Jobs_added_and_removed_while_leading_take_effect_at_once()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(30));
        var client = NewMaintenanceClient();
        var enqueuer = EnqueuerOf(client);
        var firstRun = NextRunAsync(enqueuer);
        await enqueuer.StartAsync();
        await firstRun;

        var added = NextRunAsync(enqueuer);
        client.Options.PeriodicJobs.Add(EveryMinute(runOnStart: true));
        Assert.Equal(1, await added);
        Assert.Single(await PeriodicJobsAsync("every_minute"));

        var removed = NextRunAsync(enqueuer);
        Assert.True(client.Options.PeriodicJobs.Remove("every_minute"));
        Assert.Equal(0, await removed);
        Assert.Empty(enqueuer.NextRuns);

        var afterMinute = NextRunAsync(enqueuer);
        Clock.SetUtcNow(t0 + 2 * Minute); // past the removed job's next firing; wakes the idle enqueuer (it sleeps at most a minute)
        Assert.Equal(0, await afterMinute);
        Assert.Single(await PeriodicJobsAsync("every_minute"));
        await enqueuer.StopAsync();
    }

    [Fact]
    public async Task The_job_keeps_its_options_and_user_metadata()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(1));
#pragma warning disable RIVER0064 // a placeholder time on purpose: the enqueuer must replace it with the occurrence's
        var client = NewMaintenanceClient(o => o.PeriodicJobs.Add(EveryMinute(opts: new InsertOptions
        {
            Queue = "reports", Priority = 3, Tags = ["nightly"], Metadata = "{\"team\":\"billing\"}", ScheduledAt = DateTimeOffset.UnixEpoch,
        })));
#pragma warning restore RIVER0064
        await EnqueuerOf(client).RunOnceAsync();
        Clock.SetUtcNow(t0 + Minute);
        Assert.Equal(1, await EnqueuerOf(client).RunOnceAsync());

        var id = await ScalarAsync<long>("SELECT id FROM river_job");
        var job = await GetAsync(client, id);
        Assert.Equal("reports", job.Queue);
        Assert.Equal(3, job.Priority);
        Assert.Equal(["nightly"], job.Tags);
        Assert.Equal(t0 + Minute, job.ScheduledAt);
        using var metadata = JsonDocument.Parse(job.Metadata);
        Assert.Equal("billing", metadata.RootElement.GetProperty("team").GetString());
        Assert.True(metadata.RootElement.GetProperty("periodic").GetBoolean());
    }

    private sealed class TaggingMiddleware : IInsertMiddleware
    {
        public List<DateTimeOffset?> Seen { get; } = [];

        public Task<IReadOnlyList<InsertResult>> InsertManyAsync(IReadOnlyList<JobInsertRequest> jobs,
            Func<IReadOnlyList<JobInsertRequest>, CancellationToken, Task<IReadOnlyList<InsertResult>>> next, CancellationToken cancellationToken)
        {
            Seen.AddRange(jobs.Select(j => j.Options?.ScheduledAt));
            return next([.. jobs.Select(j => j.WithOptions((j.Options ?? new InsertOptions()) with { Tags = ["via_middleware"] }))], cancellationToken);
        }
    }

    [Fact]
    public async Task Periodic_inserts_go_through_the_insert_middleware_with_the_planned_time()
    {
        var t0 = AlignToMinute(TimeSpan.FromSeconds(1));
        var middleware = new TaggingMiddleware();
        var client = NewMaintenanceClient(o =>
        {
            o.InsertMiddleware.Add(middleware);
            o.PeriodicJobs.Add(EveryMinute());
        });
        await EnqueuerOf(client).RunOnceAsync();
        Clock.SetUtcNow(t0 + Minute);
        Assert.Equal(1, await EnqueuerOf(client).RunOnceAsync());

        Assert.Equal([t0 + Minute], middleware.Seen);
        var id = await ScalarAsync<long>("SELECT id FROM river_job");
        var job = await GetAsync(client, id);
        Assert.Equal(["via_middleware"], job.Tags);
        Assert.Contains("\"river:periodic_job_id\":\"every_minute\"", job.Metadata.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
