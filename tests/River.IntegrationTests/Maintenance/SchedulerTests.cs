using Npgsql;
using River.IntegrationTests.Runtime;
using River.Maintenance;

namespace River.IntegrationTests.Maintenance;

public sealed class SchedulerTests : MaintenanceTestBase
{
    [Fact]
    public async Task Makes_only_due_scheduled_and_retryable_jobs_available()
    {
        var client = NewMaintenanceClient();
        var scheduler = client.Maintenance.Get<JobScheduler>()!;
        var dueScheduled = await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddSeconds(-1));
        var dueRetryable = await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddMinutes(-5), attempt: 1);
        var dueExactlyNow = await InsertRowAsync(JobState.Scheduled, scheduledAt: Now);
        var laterScheduled = await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddMinutes(1));
        var laterRetryable = await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddHours(1), attempt: 1);
        var pending = await InsertRowAsync(JobState.Pending, scheduledAt: Now.AddMinutes(-1));

        Assert.Equal(3, await scheduler.RunOnceAsync());

        Assert.Equal(JobState.Available, await StateAsync(dueScheduled));
        Assert.Equal(JobState.Available, await StateAsync(dueRetryable));
        Assert.Equal(JobState.Available, await StateAsync(dueExactlyNow));
        Assert.Equal(JobState.Scheduled, await StateAsync(laterScheduled));
        Assert.Equal(JobState.Retryable, await StateAsync(laterRetryable));
        Assert.Equal(JobState.Pending, await StateAsync(pending));

        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await scheduler.RunOnceAsync());
        Assert.Equal(JobState.Available, await StateAsync(laterScheduled));
        Assert.Equal(JobState.Retryable, await StateAsync(laterRetryable));
    }

    [Fact]
    public async Task A_job_inserted_for_later_becomes_available_when_the_clock_reaches_it()
    {
        var client = NewMaintenanceClient();
        var scheduler = client.Maintenance.Get<JobScheduler>()!;
        var id = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { ScheduledAt = Now.AddSeconds(30) })).Job.Id;
        Assert.Equal(JobState.Scheduled, await StateAsync(id));

        Assert.Equal(0, await scheduler.RunOnceAsync());
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await scheduler.RunOnceAsync());
        Assert.Equal(JobState.Available, await StateAsync(id));
    }

    [Fact]
    public async Task Works_through_every_due_job_in_batches()
    {
        var client = NewMaintenanceClient(o => o.Maintenance.SchedulerBatchSize = 2);
        var scheduler = client.Maintenance.Get<JobScheduler>()!;
        for (var i = 0; i < 5; i++)
        {
            await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddSeconds(-i - 1));
        }
        Assert.Equal(2, scheduler.BatchSize);
        Assert.Equal(5, await scheduler.RunOnceAsync());
        Assert.Equal(0, await CountAsync("state = 'scheduled'"));
    }

    [Fact]
    public async Task A_due_job_whose_unique_key_is_held_by_another_row_is_discarded_with_River_metadata()
    {
        var client = NewMaintenanceClient();
        var scheduler = client.Maintenance.Get<JobScheduler>()!;
        var key = new byte[32];
        key[0] = 7;
        // The holder is available (blocking in the default state set); the retryable twin does not block in its own
        // state set (retryable omitted), so both rows coexist until the scheduler would make the twin available.
        const int statesWithoutRetryable = 1 | 4 | 16 | 64 | 128;
        var holder = await InsertRowAsync(JobState.Available, uniqueKey: key, uniqueStates: statesWithoutRetryable);
        var twin = await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddSeconds(-1), attempt: 1, uniqueKey: key, uniqueStates: statesWithoutRetryable);

        Assert.Equal(1, await scheduler.RunOnceAsync());

        Assert.Equal(JobState.Available, await StateAsync(holder));
        Assert.Equal(JobState.Discarded, await StateAsync(twin));
        Assert.Equal("scheduler_discarded", await ScalarAsync<string>($"SELECT metadata->>'unique_key_conflict' FROM river_job WHERE id = {twin}"));
        Assert.True(await ScalarAsync<bool>($"SELECT finalized_at IS NOT NULL FROM river_job WHERE id = {twin}"));
    }

    [Fact]
    public async Task Of_several_due_jobs_with_one_unique_key_only_the_first_becomes_available()
    {
        var client = NewMaintenanceClient();
        var scheduler = client.Maintenance.Get<JobScheduler>()!;
        var key = new byte[32];
        key[31] = 9;
        const int statesWithoutRetryable = 1 | 4 | 16 | 64 | 128;
        var first = await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddSeconds(-10), attempt: 1, uniqueKey: key, uniqueStates: statesWithoutRetryable);
        var second = await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddSeconds(-5), attempt: 1, uniqueKey: key, uniqueStates: statesWithoutRetryable);
        var other = await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddSeconds(-5), attempt: 1);

        Assert.Equal(3, await scheduler.RunOnceAsync());

        Assert.Equal(JobState.Available, await StateAsync(first));
        Assert.Equal(JobState.Discarded, await StateAsync(second));
        Assert.Equal(JobState.Available, await StateAsync(other));
        Assert.Equal("scheduler_discarded", await ScalarAsync<string>($"SELECT metadata->>'unique_key_conflict' FROM river_job WHERE id = {second}"));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM river_job WHERE id = {first} AND metadata ? 'unique_key_conflict'"));
    }

    [Fact]
    public async Task Sends_one_insert_notification_per_queue_it_made_jobs_available_in()
    {
        var client = NewMaintenanceClient();
        var scheduler = client.Maintenance.Get<JobScheduler>()!;
        await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddSeconds(-1), queue: "alpha");
        await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddSeconds(-1), queue: "alpha");
        await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddSeconds(-1), queue: "beta", attempt: 1);

        await using var listener = await DataSource.OpenConnectionAsync();
        var payloads = new List<string>();
        var twoSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.Notification += (_, e) =>
        {
            lock (payloads)
            {
                payloads.Add(e.Payload);
                if (payloads.Count == 2)
                {
                    twoSeen.TrySetResult();
                }
            }
        };
        await using (var listen = new NpgsqlCommand("LISTEN \"public.river_insert\"", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        Assert.Equal(3, await scheduler.RunOnceAsync());
        using var cts = new CancellationTokenSource(Wait);
        while (!twoSeen.Task.IsCompleted)
        {
            await listener.WaitAsync(cts.Token);
        }
        payloads.Sort(StringComparer.Ordinal);
        Assert.Equal(["{\"queue\" : \"alpha\"}", "{\"queue\" : \"beta\"}"], payloads);
    }

    [Fact]
    public async Task Runs_on_its_interval_driven_by_the_clock()
    {
        var client = NewMaintenanceClient(o => o.Maintenance.SchedulerInterval = TimeSpan.FromSeconds(5));
        var scheduler = client.Maintenance.Get<JobScheduler>()!;
        var firstRun = NextRunAsync(scheduler);
        var firstSleep = NextSleepAsync(scheduler);
        await scheduler.StartAsync();
        await scheduler.Started.WaitAsync(Wait);
        Assert.Equal(0, await firstRun);
        Assert.Equal(TimeSpan.FromSeconds(5), await firstSleep);

        var id = await InsertRowAsync(JobState.Scheduled, scheduledAt: Now.AddSeconds(3));
        var secondRun = NextRunAsync(scheduler);
        var secondSleep = NextSleepAsync(scheduler);
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await secondRun);
        await secondSleep;
        Assert.Equal(JobState.Available, await StateAsync(id));

        await scheduler.StopAsync();
        await scheduler.Stopped.WaitAsync(Wait);
        Assert.False(scheduler.IsRunning);
    }
}
