using Npgsql;
using River.IntegrationTests.Maintenance;
using River.Periodic;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// Issue 19's fault test: a schedule every 10 s while leaders are killed (a new leader takes over with nothing in
/// memory), killed inside the enqueue transaction (after the insert, before the commit), and cut off from
/// PostgreSQL (its backend terminated inside the transaction, what a server restart does to a client's open transaction) at random
/// moments: every due occurrence is enqueued exactly once. Seeded, on a fake clock; the short version runs in the
/// default suite, the 5-minute one is Slow.
/// </summary>
public sealed class ScheduleFaultTests : MaintenanceTestBase
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    [Fact]
    public Task Every_occurrence_is_enqueued_exactly_once_through_random_leader_kills_and_disconnects_short() =>
        RunAsync(seed: 19, until: sw => sw.Steps >= 150);

    [Fact]
    [Trait("Category", "Slow")]
    public Task Every_occurrence_is_enqueued_exactly_once_through_random_leader_kills_and_disconnects_for_5_minutes() =>
        RunAsync(seed: 1919, until: sw => sw.Elapsed >= TimeSpan.FromMinutes(5));

    private sealed class Progress
    {
        public int Steps;
        public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(Started);
        public long Started = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private async Task RunAsync(int seed, Func<Progress, bool> until)
    {
        var random = new Random(seed);
        var admin = NewMaintenanceClient();
        var added = await admin.AddScheduleAsync("fault.every_10s", "@every 10s", "test.noop", "{}",
            options: new ScheduleOptions { Misfire = MisfirePolicy.RunAll, MaxMisfireRuns = PeriodicJob.MaxMisfireRunsLimit });
        var first = added.NextRunAt!.Value;
        PeriodicJobEnqueuer NewLeader() => NewMaintenanceClient(o => o.Maintenance.PeriodicCatchUpWindow = TimeSpan.FromDays(1)).Maintenance.Get<PeriodicJobEnqueuer>()!;

        var leader = NewLeader();
        var progress = new Progress();
        var (kills, aborted, disconnects) = (0, 0, 0);
        while (!until(progress))
        {
            progress.Steps++;
            Clock.Advance(TimeSpan.FromMilliseconds(random.Next(500, 25_000)));
            switch (random.Next(10))
            {
                case 0: // the leader dies between passes; another client wins the election
                    leader = NewLeader();
                    kills++;
                    break;
                case 1: // the leader dies inside the enqueue transaction
                    leader.BeforeCommit = (_, _, _) => throw new IOException("leader killed before its commit");
                    aborted++;
                    break;
                case 2: // PostgreSQL goes away under the leader's transaction
                    leader.BeforeCommit = async (connection, transaction, ct) =>
                    {
                        await using var self = new NpgsqlCommand("SELECT pg_terminate_backend(pg_backend_pid())", connection, transaction);
                        await self.ExecuteNonQueryAsync(ct);
                    };
                    disconnects++;
                    break;
            }
            try
            {
                await leader.RunOnceAsync();
            }
            catch (Exception e) when (e is IOException or NpgsqlException or InvalidOperationException)
            {
                // The pass died with its transaction; the next pass (or leader) picks the run up.
            }
            leader.BeforeCommit = null;
        }
        // A last, healthy pass so every occurrence due by now is in.
        await NewLeader().RunOnceAsync();

        var now = Now;
        var expected = new List<DateTimeOffset>();
        for (var t = first; t <= now; t += Every)
        {
            expected.Add(t);
        }
        var runs = new List<DateTimeOffset>();
        await using (var cmd = DataSource.CreateCommand("SELECT scheduled_at FROM river_job WHERE metadata->>'river:periodic_job_id' = 'fault.every_10s' ORDER BY scheduled_at"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                runs.Add(reader.GetFieldValue<DateTimeOffset>(0));
            }
        }
        Assert.True(kills > 0 && aborted > 0 && disconnects > 0, $"faults: {kills} kills, {aborted} aborted, {disconnects} disconnects");
        Assert.Equal(runs.Count, runs.Distinct().Count()); // none twice
        Assert.Equal(expected, runs);                      // none lost
        Assert.Equal(expected[^1] + Every, (await admin.GetScheduleAsync("fault.every_10s"))!.NextRunAt);
    }
}
