using River.IntegrationTests.Runtime;
using River.Periodic;

namespace River.IntegrationTests.Maintenance;

/// <summary>
/// Misfire policies (<see cref="MisfirePolicy"/>) after a leadership gap, and a daily schedule whose processes restart
/// every few minutes for days (riverqueue/river #791), on a fake clock against the real database.
/// </summary>
public sealed class MisfirePolicyTests : MaintenanceTestBase
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static PeriodicJob EveryMinute(MisfirePolicy misfire, int maxMisfireRuns = PeriodicJob.DefaultMaxMisfireRuns) =>
        PeriodicJob.Create("every_minute", new EverySchedule(Minute), ctx => new NoopArgs(ctx.PlannedAt.Minute),
            misfire: misfire, maxMisfireRuns: maxMisfireRuns);

    private PeriodicJobEnqueuer EnqueuerOf(RiverClient client) => client.Maintenance.Get<PeriodicJobEnqueuer>()!;

    private async Task<List<DateTimeOffset>> FiringsAsync(string id)
    {
        await using var cmd = DataSource.CreateCommand(
            "SELECT scheduled_at FROM river_job WHERE metadata->>'river:periodic_job_id' = @id ORDER BY scheduled_at");
        cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }
        return rows;
    }

    /// <summary>An old leader fires t0+1m, then nobody leads until just after t0+6m; returns t0 and the new leader's enqueuer.</summary>
    private async Task<(DateTimeOffset T0, PeriodicJobEnqueuer NewLeader)> GapAsync(PeriodicJob oldJob, PeriodicJob newJob)
    {
        var t0 = new EverySchedule(Minute).Next(Now);
        Clock.SetUtcNow(t0 + TimeSpan.FromSeconds(1));
        var oldLeader = EnqueuerOf(NewMaintenanceClient(o => o.PeriodicJobs.Add(oldJob)));
        Assert.Equal(0, await oldLeader.RunOnceAsync());
        Clock.SetUtcNow(t0 + Minute + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await oldLeader.RunOnceAsync());
        Clock.SetUtcNow(t0 + 6 * Minute + TimeSpan.FromSeconds(20)); // t0+2m … t0+6m were missed
        return (t0, EnqueuerOf(NewMaintenanceClient(o => o.PeriodicJobs.Add(newJob))));
    }

    [Fact]
    public async Task RunOnce_enqueues_the_newest_missed_firing_once()
    {
        var (t0, enqueuer) = await GapAsync(EveryMinute(MisfirePolicy.RunOnce), EveryMinute(MisfirePolicy.RunOnce));
        Assert.Equal(1, await enqueuer.RunOnceAsync());
        Assert.Equal(0, await enqueuer.RunOnceAsync());
        Assert.Equal([t0 + Minute, t0 + 6 * Minute], await FiringsAsync("every_minute"));
        Assert.Equal(t0 + 7 * Minute, enqueuer.NextRuns["every_minute"]);
    }

    [Fact]
    public async Task RunAll_enqueues_every_missed_firing_with_its_planned_time()
    {
        var (t0, enqueuer) = await GapAsync(EveryMinute(MisfirePolicy.RunAll), EveryMinute(MisfirePolicy.RunAll));
        Assert.Equal(5, await enqueuer.RunOnceAsync());
        Assert.Equal(0, await enqueuer.RunOnceAsync());
        Assert.Equal([t0 + Minute, t0 + 2 * Minute, t0 + 3 * Minute, t0 + 4 * Minute, t0 + 5 * Minute, t0 + 6 * Minute],
            await FiringsAsync("every_minute"));
        Assert.Equal(t0 + 7 * Minute, enqueuer.NextRuns["every_minute"]);
    }

    [Fact]
    public async Task RunAll_keeps_the_newest_firings_up_to_its_cap_and_counts_the_dropped_ones()
    {
        using var listener = new MaintenanceCounts();

        var (t0, enqueuer) = await GapAsync(EveryMinute(MisfirePolicy.RunAll, 3), EveryMinute(MisfirePolicy.RunAll, 3));
        Assert.Equal(3, await enqueuer.RunOnceAsync());
        Assert.Equal([t0 + Minute, t0 + 4 * Minute, t0 + 5 * Minute, t0 + 6 * Minute], await FiringsAsync("every_minute"));
        var counts = listener.Sums;
        var newLeader = Assert.Single(counts.Keys, k => k.Service == "periodic_job_enqueuer" && k.Action == "misfire_dropped").Client;
        Assert.Equal(3, counts[(newLeader, "periodic_job_enqueuer", "enqueued")]);
        Assert.Equal(2, counts[(newLeader, "periodic_job_enqueuer", "misfire_dropped")]); // t0+2m and t0+3m
    }

    [Fact]
    public async Task Skip_drops_missed_firings_and_continues_at_the_next_time()
    {
        var every10m = new EverySchedule(TimeSpan.FromMinutes(10));
        PeriodicJob Job() => PeriodicJob.Create("every_10m", every10m, _ => new NoopArgs(1), misfire: MisfirePolicy.Skip);
        var t0 = every10m.Next(Now);
        Clock.SetUtcNow(t0 + TimeSpan.FromSeconds(1));
        var oldLeader = EnqueuerOf(NewMaintenanceClient(o => o.PeriodicJobs.Add(Job())));
        Assert.Equal(0, await oldLeader.RunOnceAsync());
        Clock.SetUtcNow(t0 + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30)); // 30 s late: on time, fires
        Assert.Equal(1, await oldLeader.RunOnceAsync());

        Clock.SetUtcNow(t0 + TimeSpan.FromMinutes(32)); // t0+20m and t0+30m missed (the newest 2 min late)
        var newLeader = EnqueuerOf(NewMaintenanceClient(o => o.PeriodicJobs.Add(Job())));
        Assert.Equal(0, await newLeader.RunOnceAsync());
        Assert.Equal(t0 + TimeSpan.FromMinutes(40), newLeader.NextRuns["every_10m"]);
        Clock.SetUtcNow(t0 + TimeSpan.FromMinutes(40) + TimeSpan.FromSeconds(2));
        Assert.Equal(1, await newLeader.RunOnceAsync());
        Assert.Equal([t0 + TimeSpan.FromMinutes(10), t0 + TimeSpan.FromMinutes(40)], await FiringsAsync("every_10m"));
    }

    [Fact]
    public async Task The_catch_up_window_bounds_every_policy()
    {
        var job = EveryMinute(MisfirePolicy.RunAll);
        var t0 = new EverySchedule(Minute).Next(Now);
        Clock.SetUtcNow(t0 + TimeSpan.FromSeconds(1));
        var oldLeader = EnqueuerOf(NewMaintenanceClient(o => o.PeriodicJobs.Add(job)));
        await oldLeader.RunOnceAsync();
        Clock.SetUtcNow(t0 + Minute + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await oldLeader.RunOnceAsync());
        Clock.SetUtcNow(t0 + 6 * Minute + TimeSpan.FromSeconds(20));
        var newLeader = EnqueuerOf(NewMaintenanceClient(o =>
        {
            o.PeriodicJobs.Add(EveryMinute(MisfirePolicy.RunAll));
            o.Maintenance.PeriodicCatchUpWindow = TimeSpan.FromMinutes(2.5); // planned from t0+3m50s on
        }));
        Assert.Equal(3, await newLeader.RunOnceAsync());
        Assert.Equal([t0 + Minute, t0 + 4 * Minute, t0 + 5 * Minute, t0 + 6 * Minute], await FiringsAsync("every_minute"));
    }

    [Fact]
    public void Out_of_range_policies_and_caps_are_rejected_with_the_fix()
    {
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => EveryMinute(MisfirePolicy.RunAll, 0));
        Assert.Contains("MaxMisfireRuns must be 1 to 10000, got 0", range.Message);
        var policy = Assert.Throws<ArgumentOutOfRangeException>(() => EveryMinute((MisfirePolicy)7));
        Assert.Contains("7 is not a MisfirePolicy; use RunOnce, RunAll or Skip", policy.Message);
    }

    /// <summary>
    /// A daily schedule (midnight UTC); each process lives 10 minutes (its leader ticks every minute from 5 s after
    /// start), then nothing runs for 3 minutes before the next one starts. The 13-minute cycle moves midnight 10
    /// minutes later in the cycle each day: from 1 minute into a life on day 0 to minute 11 (a gap) on day 1, 8, 5,
    /// 2, 12 (a gap) on day 5, and 9. Over 7 days it fires exactly once each day, on the planned time.
    /// </summary>
    /// <remarks>
    /// Day 0 is in a life on purpose: a schedule that has never fired has no history in the job table, so a first
    /// firing due in a gap is not known to be missed (the stored schedules of issue 19 close that).
    /// </remarks>
    [Fact]
    public async Task A_daily_schedule_fires_every_day_though_processes_restart_every_10_minutes()
    {
        const int days = 7;
        var daily = new EverySchedule(TimeSpan.FromDays(1));
        var cycle = TimeSpan.FromMinutes(13);
        var firstPlanned = daily.Next(Now + TimeSpan.FromHours(1));
        var start = firstPlanned - TimeSpan.FromMinutes(1) - cycle * Math.Floor((firstPlanned - TimeSpan.FromMinutes(1) - Now) / cycle);
        var end = firstPlanned + TimeSpan.FromDays(days) - TimeSpan.FromHours(1);
        TimeSpan Phase(int day) => TimeSpan.FromTicks((firstPlanned + TimeSpan.FromDays(day) - start).Ticks % cycle.Ticks);
        Assert.True(Phase(1) >= TimeSpan.FromMinutes(10) && Phase(5) >= TimeSpan.FromMinutes(10), "days 1 and 5 fall in a gap between processes");
        PeriodicJob Job() => PeriodicJob.Create("daily_report", daily, _ => new NoopArgs(1));
        var processes = 0;
        for (var life = start; life < end; life += cycle)
        {
            // Skip the long stretches with nothing due: a process that lives and dies between firings changes nothing
            // but is still created and run once, so every day sees many restarts before its firing.
            var nextFiring = daily.Next(life - TimeSpan.FromMinutes(15));
            if (nextFiring - life > TimeSpan.FromHours(2) && processes % 4 != 0)
            {
                processes++;
                continue;
            }
            processes++;
            var client = NewMaintenanceClient(o => o.PeriodicJobs.Add(Job()));
            var enqueuer = EnqueuerOf(client);
            for (var tick = TimeSpan.FromSeconds(5); tick < TimeSpan.FromMinutes(10); tick += Minute)
            {
                Clock.SetUtcNow(life + tick);
                await enqueuer.RunOnceAsync();
            }
            await client.DisposeAsync();
        }

        var expected = Enumerable.Range(0, days).Select(d => firstPlanned + TimeSpan.FromDays(d)).ToList();
        Assert.Equal(expected, await FiringsAsync("daily_report"));
    }
}
