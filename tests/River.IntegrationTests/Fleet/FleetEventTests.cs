using River.Maintenance;

namespace River.IntegrationTests.Fleet;

/// <summary>
/// The fleet's events and metrics: a client's own join and graceful leave; the leader's declaration of a dead client and
/// its rescues by cause (heartbeat here, horizon for an unregistered client; takeover in
/// <see cref="ClientRegistryTests"/>), each as an event on the leader's hub and in <c>river.client.events</c> /
/// <c>river.jobs.rescued</c>.
/// </summary>
public sealed class FleetEventTests : FleetTestBase
{
    [Fact]
    public async Task A_client_publishes_and_counts_its_join_and_its_graceful_leave()
    {
        using var counts = new FleetCounts();
        var client = NewFleetClient("ev-member");
        using var events = client.SubscribeEvents(RiverEventKind.ClientJoined, RiverEventKind.ClientLeft);
        await client.StartAsync();
        var joined = await NextAsync(events);
        Assert.Equal((RiverEventKind.ClientJoined, "ev-member", ""), (joined.Kind, joined.ClientId, joined.Queue));
        Assert.Equal(1, counts.ClientEvents.GetValueOrDefault(("ev-member", "joined")));
        Assert.Equal(0, counts.ClientEvents.GetValueOrDefault(("ev-member", "left")));

        await client.StopAsync();
        var left = await NextAsync(events);
        Assert.Equal((RiverEventKind.ClientLeft, "ev-member"), (left.Kind, left.ClientId));
        Assert.Equal(1, counts.ClientEvents.GetValueOrDefault(("ev-member", "left")));
        Assert.False(events.Reader.TryRead(out var extra), $"unexpected {extra}");
    }

    [Fact]
    public async Task The_leader_publishes_and_counts_a_dead_client_and_the_heartbeat_rescue_of_its_jobs()
    {
        using var counts = new FleetCounts();
        var leader = NewFleetClient("ev-leader");
        using var events = leader.SubscribeEvents(RiverEventKind.ClientDeclaredDead, RiverEventKind.JobsRescued);
        await leader.StartAsync();
        await leader.Elector!.LeadershipChanged.WaitForAsync(l => l, Wait);

        // A process killed (its heartbeat stops, its row stays) with two jobs running; a live client's job is left alone.
        var doomed = NewFleetClient("ev-doomed");
        var alive = NewFleetClient("ev-alive");
        await doomed.StartAsync();
        await alive.StartAsync();
        await doomed.Heartbeat!.AbandonAsync();
        var first = await InsertRunningAsync("ev-doomed", DateTimeOffset.UtcNow);
        var second = await InsertRunningAsync("ev-doomed", DateTimeOffset.UtcNow);
        var ofAlive = await InsertRunningAsync("ev-alive", DateTimeOffset.UtcNow);

        var dead = await NextAsync(events);
        Assert.Equal((RiverEventKind.ClientDeclaredDead, "ev-doomed"), (dead.Kind, dead.ClientId));
        var rescued = await NextAsync(events);
        Assert.Equal((RiverEventKind.JobsRescued, RescueCause.Heartbeat, "ev-doomed"), (rescued.Kind, rescued.RescueCause, rescued.ClientId));
        Assert.Equal([first, second], rescued.JobIds);
        Assert.Equal(JobState.Retryable, (await leader.GetJobAsync(second))!.State); // published once the rescue committed
        Assert.Equal(JobState.Running, (await leader.GetJobAsync(ofAlive))!.State);
        Assert.Equal(1, counts.ClientEvents.GetValueOrDefault(("ev-doomed", "declared_dead")));
        Assert.Equal(2, counts.Rescued.GetValueOrDefault(("ev-leader", "heartbeat/retryable")));
        Assert.DoesNotContain(counts.ClientEvents.Keys, k => k is ("ev-alive", "declared_dead") or ("ev-leader", "declared_dead"));

        await alive.StopAsync();
        await doomed.StopAsync();
        await leader.StopAsync();
    }

    [Fact]
    public async Task The_rescuer_publishes_and_counts_horizon_rescues_by_the_state_they_leave()
    {
        using var counts = new FleetCounts();
        var client = NewMaintenanceClient();
        using var events = client.SubscribeEvents(RiverEventKind.JobsRescued);
        var retried = await InsertRowAsync(JobState.Running, attemptedAt: Now.AddHours(-2), attempt: 1);
        var discarded = await InsertRowAsync(JobState.Running, attemptedAt: Now.AddHours(-2), attempt: 3, maxAttempts: 3);
        await ExecuteAsync($"UPDATE river_job SET attempted_by = ARRAY['go-client'] WHERE id IN ({retried}, {discarded})");

        Assert.Equal(2, await client.Maintenance.Get<JobRescuer>()!.RunOnceAsync());
        var rescued = await NextAsync(events);
        Assert.Equal((RiverEventKind.JobsRescued, RescueCause.Horizon, "go-client"), (rescued.Kind, rescued.RescueCause, rescued.ClientId));
        Assert.Equal([retried, discarded], rescued.JobIds);
        Assert.Equal(1, counts.Rescued.GetValueOrDefault((client.ClientId, "horizon/retryable")));
        Assert.Equal(1, counts.Rescued.GetValueOrDefault((client.ClientId, "horizon/discarded")));
        Assert.False(events.Reader.TryRead(out var extra), $"unexpected {extra}");
    }

    private static async Task<RiverEvent> NextAsync(RiverEventSubscription events) =>
        await events.Reader.ReadAsync().AsTask().WaitAsync(Wait);
}
