using River.IntegrationTests.Maintenance;
using River.IntegrationTests.Runtime;
using River.Maintenance;

namespace River.IntegrationTests.Fleet;

/// <summary>The client registry: registration, refusal of a duplicate ClientId, the operator view, heartbeat rescue.</summary>
public sealed class ClientRegistryTests : MaintenanceTestBase
{
    private RiverClient NewFleetClient(string? id = null, Action<RiverClientOptions>? configure = null)
    {
        var client = NewClient(o =>
        {
            if (id is not null)
            {
                o.ClientId = id;
            }
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
            o.HeartbeatTtl = TimeSpan.FromSeconds(2);
            o.LeaderElectInterval = TimeSpan.FromMilliseconds(200);
            o.LeaderTtl = TimeSpan.FromSeconds(2);
            o.Maintenance.StartJitter = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        client.Elector!.LeadershipChanged.Init();
        return client;
    }

    [Fact]
    public async Task A_started_client_is_listed_with_its_queues_and_the_leader_and_leaves_on_stop()
    {
        var client = NewFleetClient("fleet-a", o => o.Queues.Add("mail", maxWorkers: 3));
        client.Heartbeat!.Beat.Init();
        await client.StartAsync();
        await client.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);
        await client.Heartbeat.Beat.WaitAsync(Wait);

        var fleet = await client.ListClientsAsync();
        var me = Assert.Single(fleet.Clients);
        Assert.Equal("fleet-a", me.Id);
        Assert.Equal(Environment.ProcessId, me.Pid);
        Assert.Equal(Environment.MachineName, me.Host);
        Assert.True(me.IsLive);
        Assert.Equal(3, me.Queues["mail"]);
        Assert.Equal(TimeSpan.FromSeconds(2), me.HeartbeatTtl);
        Assert.Equal("fleet-a", fleet.LeaderId);
        Assert.Equal(client.Elector.Term, fleet.LeaderTerm);

        await client.StopAsync();
        Assert.Empty((await client.ListClientsAsync()).Clients);
    }

    [Fact]
    public async Task A_second_live_client_with_the_same_id_is_refused_and_the_id_is_free_after_stop()
    {
        var first = NewFleetClient("twin");
        await first.StartAsync();
        var second = NewFleetClient("twin");
        var e = await Assert.ThrowsAsync<RiverStartupException>(() => second.StartAsync());
        Assert.StartsWith("ClientId 'twin' is already used by a live client (host ", e.Message, StringComparison.Ordinal);
        Assert.Contains("Give each process its own ClientId", e.Message, StringComparison.Ordinal);
        Assert.False(second.Heartbeat!.IsRunning);

        await first.StopAsync();
        var third = NewFleetClient("twin");
        await third.StartAsync();
        await third.StopAsync();
    }

    [Fact]
    public async Task A_dead_clients_running_jobs_are_rescued_by_heartbeat_others_keep_the_horizon()
    {
        var leader = NewFleetClient("leader");
        await leader.StartAsync();
        await leader.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);

        // A registered client that dies (its heartbeat stops), one that lives, and a River Go client (never registered).
        var dead = NewFleetClient("doomed");
        var live = NewFleetClient("alive");
        await dead.StartAsync();
        await live.StartAsync();
        await dead.Heartbeat!.AbandonAsync();
        var ofDead = await InsertRunningAsync("doomed", DateTimeOffset.UtcNow);
        var ofLive = await InsertRunningAsync("alive", DateTimeOffset.UtcNow.AddHours(-2));   // long, on a live client
        var ofGo = await InsertRunningAsync("go-client", DateTimeOffset.UtcNow.AddMinutes(-5)); // unregistered, under the 1 h horizon

        var clientRescuer = leader.Maintenance.Get<ClientRescuer>()!;
        await clientRescuer.RunFinished.NextAsync(n => n > 0, Wait);
        var rescued = (await leader.GetJobAsync(ofDead))!;
        Assert.Equal(JobState.Retryable, rescued.State);
        Assert.Contains("client 'doomed' that was running this job was declared dead", rescued.Errors[^1].Error, StringComparison.Ordinal);
        var fleet = await leader.ListClientsAsync();
        Assert.False(fleet.Clients.Single(c => c.Id == "doomed").IsLive);
        Assert.True(fleet.Clients.Single(c => c.Id == "alive").IsLive);

        // The classic rescuer: the live client's long job stays; the unregistered client's job waits for its horizon.
        await leader.Maintenance.Get<JobRescuer>()!.RunOnceAsync();
        Assert.Equal(JobState.Running, (await leader.GetJobAsync(ofLive))!.State);
        Assert.Equal(JobState.Running, (await leader.GetJobAsync(ofGo))!.State);

        await live.StopAsync();
        await dead.StopAsync();
        await leader.StopAsync();
    }

    private async Task<long> InsertRunningAsync(string attemptedBy, DateTimeOffset attemptedAt)
    {
        await using var cmd = DataSource.CreateCommand("""
            INSERT INTO river_job (args, kind, state, attempt, attempted_at, attempted_by, max_attempts, queue)
            VALUES ('{"n":0}', 'test.noop', 'running', 1, @at, ARRAY[@by], 25, 'nobody_works_this') RETURNING id
            """);
        cmd.Parameters.AddWithValue("at", attemptedAt.UtcDateTime);
        cmd.Parameters.AddWithValue("by", attemptedBy);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
