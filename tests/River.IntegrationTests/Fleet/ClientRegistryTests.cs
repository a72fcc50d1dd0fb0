using River.IntegrationTests.Infrastructure;
using River.IntegrationTests.Maintenance;
using River.IntegrationTests.Runtime;
using River.IntegrationTests.Reliability;
using River.Maintenance;

namespace River.IntegrationTests.Fleet;

/// <summary>The client registry: registration, refusal of a duplicate ClientId, the operator view, heartbeat rescue.</summary>
public sealed class ClientRegistryTests : FleetTestBase
{
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

    [Fact]
    public async Task A_process_restarted_under_a_crashed_predecessors_id_waits_for_the_id_and_its_jobs_are_rescued()
    {
        var leader = NewFleetClient("leader");
        using var rescues = leader.SubscribeEvents(RiverEventKind.JobsRescued);
        await leader.StartAsync();
        await leader.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);

        // The predecessor crashes (its row stays, its heartbeat stops) while a job of its attempt 1 is running. A long TTL
        // keeps the leader from declaring it dead meanwhile: the row's expiry is moved below by hand instead.
        static void LongTtl(RiverClientOptions o) => o.HeartbeatTtl = TimeSpan.FromMinutes(5);
        var crashed = NewFleetClient("phoenix", LongTtl);
        await crashed.StartAsync();
        await crashed.Heartbeat!.AbandonAsync();
        var orphan = await InsertRunningAsync("phoenix", DateTimeOffset.UtcNow);

        // The restarted process is refused while the row looks live; the hosted start keeps retrying until it expires.
        var restarted = NewFleetClient("phoenix", LongTtl);
        var refused = await Assert.ThrowsAsync<RiverStartupException>(() => restarted.StartAsync());
        Assert.IsType<River.Fleet.ClientIdInUseException>(refused.InnerException);
        var logs = new LogCapture();
        restarted = NewFleetClient("phoenix", LongTtl);
        var hostedStart = River.Fleet.StartRetry.StartAsync(restarted, TimeSpan.FromMinutes(1), TimeProvider.System, logs.CreateLogger("start"), CancellationToken.None);
        await logs.WaitForAsync(e => e.Id == 310, Wait);
        Assert.False(hostedStart.IsCompleted);
        await Sql.ExecuteAsync(DataSource, "UPDATE river_typed_client SET heartbeat_at = now() - interval '1 hour' WHERE id = 'phoenix'");
        await hostedStart.WaitAsync(Wait);

        // A job of the new process under the same id (inserted after the takeover) is its own, never an orphan.
        var own = await InsertRunningAsync("phoenix", DateTimeOffset.UtcNow);
        await leader.Maintenance.Get<ClientRescuer>()!.RunFinished.NextAsync(n => n > 0, Wait);
        var rescued = (await leader.GetJobAsync(orphan))!;
        Assert.Equal(JobState.Retryable, rescued.State);
        Assert.Contains("client 'phoenix' that was running this job stopped without finishing it (a new process took over its id)",
            rescued.Errors[^1].Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Running, (await leader.GetJobAsync(own))!.State);
        Assert.True((await leader.ListClientsAsync()).Clients.Single(c => c.Id == "phoenix").IsLive);
        var takeover = await rescues.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal((RescueCause.Takeover, "phoenix"), (takeover.RescueCause, takeover.ClientId));
        Assert.Equal([orphan], takeover.JobIds);

        // Fetched again by the new process (attempt 2), the rescued job no longer matches the recorded (id, attempt 1).
        await Sql.ExecuteAsync(DataSource, $"UPDATE river_job SET state = 'running', attempt = 2, attempted_by = attempted_by || 'phoenix'::text WHERE id = {orphan}");
        await leader.Maintenance.Get<ClientRescuer>()!.RunOnceAsync();
        Assert.Equal(JobState.Running, (await leader.GetJobAsync(orphan))!.State);

        await restarted.StopAsync();
        await crashed.StopAsync();
        await leader.StopAsync();
    }
}
