using System.Diagnostics.Metrics;
using Npgsql;
using River.IntegrationTests.Maintenance;
using River.IntegrationTests.Runtime;
using River.Maintenance;

namespace River.IntegrationTests.Fleet;

/// <summary>
/// The leader term fence: an election bumps the term in the statement that takes the lease, every leader-only write
/// checks it in the same statement, and a deposed leader's writes change nothing (SQLSTATE RVF01, metric
/// river.leader.fence_refused, the deposed client steps down).
/// </summary>
public sealed class LeaderFenceTests : MaintenanceTestBase
{
    private RiverClient NewCandidate(Action<RiverClientOptions>? configure = null)
    {
        var client = NewClient(o =>
        {
            o.LeaderElectInterval = TimeSpan.FromMilliseconds(200);
            o.LeaderTtl = TimeSpan.FromSeconds(2);
            o.Maintenance.StartJitter = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        client.Elector!.LeadershipChanged.Init();
        return client;
    }

    [Fact]
    public async Task The_fence_function_accepts_only_the_current_term()
    {
        var none = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<bool>("SELECT river_typed_leader_fence(1)"));
        Assert.Equal("RVF01", none.SqlState);
        Assert.Contains("term 1 is not the current leader term (none)", none.MessageText, StringComparison.Ordinal);

        await using (var cmd = DataSource.CreateCommand("INSERT INTO river_typed_fence (term, leader_id) VALUES (4, 'x')"))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        Assert.True(await ScalarAsync<bool>("SELECT river_typed_leader_fence(4)"));
        var stale = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<bool>("SELECT river_typed_leader_fence(3)"));
        Assert.Equal("RVF01", stale.SqlState);
        Assert.Contains("term 3 is not the current leader term (4)", stale.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_election_bumps_the_term_even_after_the_unlogged_lease_is_gone()
    {
        var a = NewCandidate();
        await a.StartAsync();
        await a.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);
        var first = a.Elector.Term;
        Assert.True(first >= 1);
        Assert.Equal(first, await ScalarAsync<long>("SELECT term FROM river_typed_fence"));
        Assert.Equal(a.ClientId, await ScalarAsync<string>("SELECT leader_id FROM river_typed_fence"));
        await a.StopAsync();
        Assert.Equal(0, a.Elector.Term);

        var b = NewCandidate();
        await b.StartAsync();
        await b.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);
        Assert.Equal(first + 1, b.Elector.Term);

        // What an immediate restart does to the UNLOGGED lease: gone. The next election still gets a newer term.
        await b.Elector.AbandonAsync();
        await using (var cmd = DataSource.CreateCommand("DELETE FROM river_leader"))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        var c = NewCandidate();
        await c.StartAsync();
        await c.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);
        Assert.Equal(first + 2, c.Elector.Term);
        await c.StopAsync();
        await b.StopAsync();
    }

    [Fact]
    public async Task A_deposed_leaders_writes_change_nothing_are_counted_and_it_steps_down()
    {
        var refused = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == RiverDiagnostics.InstrumentFenceRefused)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "river.maintenance.service")
                {
                    lock (refused)
                    {
                        refused.Add(tag.Value as string);
                    }
                }
            }
        });
        listener.Start();

        var old = NewCandidate(o => o.Maintenance.JobCleanerInterval = TimeSpan.FromMilliseconds(100));
        await old.StartAsync();
        await old.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);
        var cleaner = old.Maintenance.Get<JobCleaner>()!;
        var rescuer = old.Maintenance.Get<JobRescuer>()!;
        var scheduler = old.Maintenance.Get<JobScheduler>()!;
        var queueCleaner = old.Maintenance.Get<QueueCleaner>()!;

        // Another client wins a newer term (what an election after an immediate restart does while this one still trusts its lease).
        await using (var bump = DataSource.CreateCommand("UPDATE river_typed_fence SET term = term + 1, leader_id = 'newer'"))
        {
            await bump.ExecuteNonQueryAsync();
        }

        var doomed = await InsertRowAsync(JobState.Completed, finalizedAt: DateTimeOffset.UtcNow.AddDays(-30));
        var due = await InsertRowAsync(JobState.Scheduled, scheduledAt: DateTimeOffset.UtcNow.AddMinutes(-1), queue: "nobody_works_this");
        var stuck = await InsertRowAsync(JobState.Running, attemptedAt: DateTimeOffset.UtcNow.AddDays(-1), attempt: 1);

        var stepsDown = old.Elector.LeadershipChanged.WaitForAsync(l => !l, Wait);
        foreach (var service in new MaintenanceService[] { cleaner, scheduler, rescuer, queueCleaner })
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => service.RunOnceAsync());
            Assert.True(Leadership.LeaderFence.IsRefusal(e), $"{service.Name}: {e}");
        }

        // The loop's own run is refused too: counted, reported, and the client steps down.
        await stepsDown;
        Assert.False(old.IsLeader);
        Assert.False(old.Maintenance.IsLeading);
        Assert.Equal(JobState.Completed, await StateAsync(doomed));
        Assert.Equal(JobState.Scheduled, await StateAsync(due));
        Assert.Equal(JobState.Running, await StateAsync(stuck));
        listener.RecordObservableInstruments();
        lock (refused)
        {
            // Whichever service's loop ran into the fence first (the job cleaner's every 100 ms, or the scheduler's):
            // the client steps down at that first refusal, so the others may never run again.
            Assert.NotEmpty(refused);
            Assert.All(refused, name => Assert.Contains(name, old.Maintenance.Services.Select(service => service.Name)));
        }

        await old.StopAsync();
    }

    [Fact]
    public async Task Resigning_stops_the_leaders_services_before_it_deletes_the_lease()
    {
        var leader = NewCandidate();
        await leader.StartAsync();
        await leader.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);
        leader.Elector.LeaseDeleting.Init();

        // Hold the lease row so the resignation's DELETE waits: what the leader did before deleting is observable.
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("SELECT 1 FROM river_leader FOR UPDATE", connection, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var stop = leader.StopAsync();
        await leader.Elector.LeaseDeleting.WaitAsync(Wait);
        Assert.False(leader.Maintenance.IsLeading);
        Assert.All(leader.Maintenance.Services, s => Assert.False(s.IsRunning, s.Name));
        Assert.Equal(0, leader.Elector.Term);
        Assert.False(stop.IsCompleted);
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM river_leader")); // still there: the DELETE waits for us

        await transaction.CommitAsync();
        await stop;
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM river_leader"));
    }

    [Fact]
    public async Task A_client_refuses_to_start_without_line_typed_but_inserts_still_work()
    {
        await new RiverMigrator(DataSource).MigrateDownAsync(new MigrationRunOptions { Line = RiverMigrator.TypedLine, TargetVersion = 0 });

        await using var client = NewClient();
        var e = await Assert.ThrowsAsync<RiverStartupException>(() => client.StartAsync());
        Assert.StartsWith("River.Typed's migration line 'typed' in 'public' is at version none, but this client needs version ", e.Message, StringComparison.Ordinal);
        Assert.Contains("Run `river migrate-up`", e.Message, StringComparison.Ordinal);

        // Inserting needs only River's line main: an insert-only process that never starts keeps working.
        var inserted = await client.InsertAsync(new NoopArgs(1));
        Assert.Equal(JobState.Available, inserted.Job.State);

        await new RiverMigrator(DataSource).MigrateUpAllLinesAsync();
        await using var after = NewClient();
        await after.StartAsync();
        await after.StopAsync();
    }
}
