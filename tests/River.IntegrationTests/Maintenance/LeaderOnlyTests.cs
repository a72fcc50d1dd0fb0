using River.IntegrationTests.Runtime;
using River.Maintenance;
using River.Periodic;

namespace River.IntegrationTests.Maintenance;

/// <summary>Two real clients on one database: only the leader runs maintenance, and a handover keeps periodic jobs exact.</summary>
public sealed class LeaderOnlyTests : MaintenanceTestBase
{
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    private RiverClient NewLeaderCandidate() => NewClient(o =>
    {
        o.LeaderElectInterval = TimeSpan.FromMilliseconds(200);
        o.LeaderTtl = TimeSpan.FromSeconds(2);
        o.Maintenance.StartJitter = TimeSpan.Zero;
        o.Maintenance.SchedulerInterval = TimeSpan.FromMilliseconds(200);
        o.PeriodicJobs.Add(PeriodicJob.Create("tick", new IntervalSchedule(TwoSeconds), _ => new NoopArgs(0)));
    });

    [Fact]
    public async Task Only_the_leader_runs_maintenance_and_a_new_leader_takes_over_without_duplicate_firings()
    {
        var a = NewLeaderCandidate();
        var b = NewLeaderCandidate();
        var aScheduler = a.Maintenance.Get<JobScheduler>()!;
        var bScheduler = b.Maintenance.Get<JobScheduler>()!;
        var aEnqueuer = a.Maintenance.Get<PeriodicJobEnqueuer>()!;
        var bEnqueuer = b.Maintenance.Get<PeriodicJobEnqueuer>()!;

        await a.StartAsync();
        await aScheduler.Started.WaitAsync(Wait); // a leads
        await b.StartAsync();

        // The leader's scheduler moves a due job; the follower runs nothing.
        var due = await InsertRowAsync(JobState.Scheduled, scheduledAt: DateTimeOffset.UtcNow.AddSeconds(-1), queue: "nobody_works_this");
        while (await NextRunAsync(aScheduler) == 0)
        {
        }
        Assert.Equal(JobState.Available, await StateAsync(due));
        Assert.True(a.Maintenance.IsLeading);
        Assert.False(b.Maintenance.IsLeading);
        Assert.All(b.Maintenance.Services, s => Assert.False(s.IsRunning));

        // Two firings by the first leader.
        while (await NextRunAsync(aEnqueuer) == 0)
        {
        }
        while (await NextRunAsync(aEnqueuer) == 0)
        {
        }

        // The leader stops (resigns): its services stop, the follower takes over and continues the schedule.
        var bTookOver = bScheduler.Started;
        await a.StopAsync();
        Assert.All(a.Maintenance.Services, s => Assert.False(s.IsRunning));
        await bTookOver.WaitAsync(Wait);
        while (await NextRunAsync(bEnqueuer) == 0)
        {
        }

        var planned = await PlannedTimesAsync();
        Assert.True(planned.Count >= 3, $"expected at least 3 firings, got {planned.Count}");
        Assert.Equal(planned.Count, planned.Distinct().Count());
        for (var i = 1; i < planned.Count; i++)
        {
            var step = planned[i] - planned[i - 1];
            Assert.True(step >= TwoSeconds && step.Ticks % TwoSeconds.Ticks == 0, $"firing {i} is {step} after the previous one");
        }
    }

    private async Task<List<DateTimeOffset>> PlannedTimesAsync()
    {
        await using var cmd = DataSource.CreateCommand("SELECT scheduled_at FROM river_job WHERE metadata->>'river:periodic_job_id' = 'tick' ORDER BY scheduled_at");
        await using var reader = await cmd.ExecuteReaderAsync();
        var times = new List<DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }
        return times;
    }
}
