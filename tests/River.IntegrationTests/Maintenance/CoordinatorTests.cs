using River.Maintenance;
using River.Periodic;

namespace River.IntegrationTests.Maintenance;

public sealed class CoordinatorTests : MaintenanceTestBase
{
    [Fact]
    public async Task Gaining_leadership_starts_every_service_and_losing_it_stops_them()
    {
        var client = NewMaintenanceClient();
        var coordinator = client.Maintenance;
        Assert.Equal(["periodic job enqueuer", "queue cleaner", "job cleaner", "workflow cleaner", "reindexer", "rescuer", "client rescuer", "scheduler"],
            coordinator.Services.Select(s => s.Name));
        Assert.All(coordinator.Services, s => Assert.False(s.IsRunning));

        await coordinator.OnLeadershipChangedAsync(true, CancellationToken.None);
        Assert.True(coordinator.IsLeading);
        await Task.WhenAll(coordinator.Services.Select(s => s.Started)).WaitAsync(Wait);
        Assert.All(coordinator.Services, s => Assert.True(s.IsRunning));

        await coordinator.OnLeadershipChangedAsync(true, CancellationToken.None); // no-op
        await coordinator.OnLeadershipChangedAsync(false, CancellationToken.None);
        Assert.False(coordinator.IsLeading);
        Assert.All(coordinator.Services, s => Assert.True(s.Stopped.IsCompleted));
        Assert.All(coordinator.Services, s => Assert.False(s.IsRunning));

        // Leadership can come back.
        await coordinator.OnLeadershipChangedAsync(true, CancellationToken.None);
        Assert.All(coordinator.Services, s => Assert.True(s.IsRunning));
        await client.StopMaintenanceAsync();
        Assert.All(coordinator.Services, s => Assert.False(s.IsRunning));
    }

    [Fact]
    public async Task A_client_that_is_not_leader_runs_no_maintenance()
    {
        var client = NewMaintenanceClient();
        var due = await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddSeconds(-1));
        await client.Maintenance.OnLeadershipChangedAsync(false, CancellationToken.None);
        Assert.All(client.Maintenance.Services, s => Assert.False(s.IsRunning));
        Assert.Equal(JobState.Scheduled, await StateAsync(due));
    }

    [Fact]
    public async Task The_leader_scheduler_runs_as_soon_as_leadership_is_gained()
    {
        var client = NewMaintenanceClient();
        var due = await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddSeconds(-1));
        var run = NextRunAsync(client.Maintenance.Get<JobScheduler>()!);
        await client.Maintenance.OnLeadershipChangedAsync(true, CancellationToken.None);
        Assert.Equal(1, await run);
        Assert.Equal(JobState.Available, await StateAsync(due));
        await client.Maintenance.OnLeadershipChangedAsync(false, CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_before_any_start_is_safe_and_the_reindexer_can_be_disabled()
    {
        var client = NewMaintenanceClient(o => o.Maintenance.ReindexerEnabled = false);
        await client.StopMaintenanceAsync();
        await client.Maintenance.StopAsync();
        Assert.Null(client.Maintenance.Get<Reindexer>());
        Assert.NotNull(client.Maintenance.Get<PeriodicJobEnqueuer>());
    }
}
