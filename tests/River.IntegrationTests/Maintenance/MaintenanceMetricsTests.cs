using River.Diagnostics;
using River.Maintenance;

namespace River.IntegrationTests.Maintenance;

/// <summary>
/// <c>river.maintenance.jobs</c>: what the scheduler, rescuer and job cleaner changed, by service and action, tagged
/// with the leader's client id (the listener is process-wide, so the test looks only at its own client's counts).
/// </summary>
public sealed class MaintenanceMetricsTests : MaintenanceTestBase
{
    [Fact]
    public async Task Scheduler_rescuer_and_cleaner_count_what_they_changed()
    {
        using var listener = new MaintenanceCounts();
        var counts = listener.Sums;

        var client = NewMaintenanceClient();
        await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddSeconds(-1));
        await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddSeconds(-1), attempt: 1);
        await InsertRowAsync(JobState.Running, attemptedAt: Now.AddHours(-2), attempt: 1);
        await InsertRowAsync(JobState.Running, attemptedAt: Now.AddHours(-2), attempt: 3, maxAttempts: 3);
        await InsertRowAsync(JobState.Completed, finalizedAt: Now.AddDays(-2), attempt: 1);

        Assert.Equal(2, await client.Maintenance.Get<JobScheduler>()!.RunOnceAsync());
        Assert.Equal(2, await client.Maintenance.Get<JobRescuer>()!.RunOnceAsync());
        Assert.Equal(1, await client.Maintenance.Get<JobCleaner>()!.RunOnceAsync());

        long Count(string service, string action) => counts.GetValueOrDefault((client.ClientId, service, action));
        Assert.Equal(2, Count("scheduler", "made_available"));
        Assert.Equal(0, Count("scheduler", "unique_conflict_discarded")); // zero counts are not recorded
        Assert.Equal(1, Count("rescuer", "rescued_retryable"));
        Assert.Equal(1, Count("rescuer", "rescued_discarded"));
        Assert.Equal(1, Count("job_cleaner", "deleted"));
        Assert.DoesNotContain(counts.Keys, k => k.Client == client.ClientId && k.Service is not ("scheduler" or "rescuer" or "job_cleaner"));
    }
}
