using System.Text.Json;
using River.Maintenance;

namespace River.IntegrationTests.Maintenance;

public sealed class RescuerTests : MaintenanceTestBase
{
    private sealed class FixedRetryPolicy(TimeSpan delay) : IRetryPolicy
    {
        public int Calls;
        public int ErrorsSeen;

        public DateTimeOffset NextRetry(JobRow job, DateTimeOffset now)
        {
            Calls++;
            ErrorsSeen = job.Errors.Count;
            return now + delay;
        }
    }

    [Fact]
    public async Task Rescues_only_jobs_running_longer_than_the_horizon()
    {
        var policy = new FixedRetryPolicy(TimeSpan.FromMinutes(10));
        var client = NewMaintenanceClient(o => { o.RetryPolicy = policy; o.Maintenance.RescueStuckJobsAfter = TimeSpan.FromHours(1); });
        var rescuer = client.Maintenance.Get<JobRescuer>()!;
        var stuck = await InsertRowAsync(JobState.Running, attemptedAt: Now.AddHours(-1).AddSeconds(-1), attempt: 1);
        var young = await InsertRowAsync(JobState.Running, attemptedAt: Now.AddMinutes(-59), attempt: 1);
        var oldButDone = await InsertRowAsync(JobState.Completed, attemptedAt: Now.AddHours(-3), attempt: 1);

        Assert.Equal(1, await rescuer.RunOnceAsync());

        Assert.Equal(JobState.Retryable, await StateAsync(stuck));
        Assert.Equal(JobState.Running, await StateAsync(young));
        Assert.Equal(JobState.Completed, await StateAsync(oldButDone));
        Assert.Equal(1, policy.Calls);
        Assert.Equal(0, policy.ErrorsSeen); // the policy sees the row as fetched (River's convention)
        var job = await GetAsync(client, stuck);
        Assert.Equal(Now + TimeSpan.FromMinutes(10), job.ScheduledAt, TimeSpan.FromMilliseconds(1));
        var error = Assert.Single(job.Errors);
        Assert.Equal(MaintenanceDefaults.RescuedError, error.Error);
        Assert.Equal(1, error.Attempt);
        Assert.Null(job.FinalizedAt);
        Assert.Equal(1, RescueCount(job));

        // The young one becomes stuck once the clock passes its horizon.
        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await rescuer.RunOnceAsync());
        Assert.Equal(JobState.Retryable, await StateAsync(young));
    }

    [Fact]
    public async Task Discards_a_stuck_job_out_of_attempts_and_cancels_one_whose_cancel_was_requested()
    {
        var client = NewMaintenanceClient();
        var rescuer = client.Maintenance.Get<JobRescuer>()!;
        var longAgo = Now.AddHours(-2);
        var exhausted = await InsertRowAsync(JobState.Running, attemptedAt: longAgo, attempt: 3, maxAttempts: 3);
        var cancelRequested = await InsertRowAsync(JobState.Running, attemptedAt: longAgo, attempt: 1,
            metadata: "{\"cancel_attempted_at\":\"2024-05-17T13:47:12Z\"}");

        Assert.Equal(2, await rescuer.RunOnceAsync());

        var discarded = await GetAsync(client, exhausted);
        Assert.Equal(JobState.Discarded, discarded.State);
        Assert.Equal(Now, discarded.FinalizedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(MaintenanceDefaults.RescuedError, Assert.Single(discarded.Errors).Error);

        var cancelled = await GetAsync(client, cancelRequested);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.NotNull(cancelled.FinalizedAt);
        Assert.Equal(1, RescueCount(cancelled));
    }

    [Fact]
    public async Task Each_rescue_increments_the_rescue_count_and_appends_an_error()
    {
        var client = NewMaintenanceClient(o => o.RetryPolicy = new FixedRetryPolicy(TimeSpan.FromSeconds(1)));
        var rescuer = client.Maintenance.Get<JobRescuer>()!;
        var id = await InsertRowAsync(JobState.Running, attemptedAt: Now.AddHours(-2), attempt: 1, metadata: "{\"mine\":1}");
        Assert.Equal(1, await rescuer.RunOnceAsync());

        // The job runs again and gets stuck again.
        await ExecuteAsync($"UPDATE river_job SET state = 'running', attempt = 2, attempted_at = now() - interval '3 hours' WHERE id = {id}");
        Assert.Equal(1, await rescuer.RunOnceAsync());

        var job = await GetAsync(client, id);
        Assert.Equal(2, RescueCount(job));
        Assert.Equal(2, job.Errors.Count);
        Assert.Equal([1, 2], job.Errors.Select(e => e.Attempt));
        using var metadata = JsonDocument.Parse(job.Metadata);
        Assert.Equal(1, metadata.RootElement.GetProperty("mine").GetInt32());
    }

    [Fact]
    public async Task Works_through_many_stuck_jobs_in_batches()
    {
        var client = NewMaintenanceClient(o => o.Maintenance.RescuerBatchSize = 3);
        var rescuer = client.Maintenance.Get<JobRescuer>()!;
        for (var i = 0; i < 7; i++)
        {
            await InsertRowAsync(JobState.Running, attemptedAt: Now.AddHours(-2), attempt: 1);
        }
        Assert.Equal(7, await rescuer.RunOnceAsync());
        Assert.Equal(0, await CountAsync("state = 'running'"));
        Assert.Equal(7, await CountAsync("state = 'retryable' AND (metadata->>'river:rescue_count')::int = 1"));
    }

    private static int RescueCount(JobRow job)
    {
        using var doc = JsonDocument.Parse(job.Metadata);
        return doc.RootElement.GetProperty("river:rescue_count").GetInt32();
    }
}
