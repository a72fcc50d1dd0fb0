using River.Maintenance;

namespace River.IntegrationTests.Maintenance;

public sealed class CleanerTests : MaintenanceTestBase
{
    [Fact]
    public async Task Job_cleaner_honours_every_default_retention_and_leaves_younger_rows()
    {
        var client = NewMaintenanceClient();
        var cleaner = client.Maintenance.Get<JobCleaner>()!;
        var oldCompleted = await InsertRowAsync(JobState.Completed, finalizedAt: Now.AddHours(-24).AddSeconds(-1));
        var youngCompleted = await InsertRowAsync(JobState.Completed, finalizedAt: Now.AddHours(-23));
        var oldCancelled = await InsertRowAsync(JobState.Cancelled, finalizedAt: Now.AddHours(-25));
        var youngCancelled = await InsertRowAsync(JobState.Cancelled, finalizedAt: Now.AddHours(-23));
        var oldDiscarded = await InsertRowAsync(JobState.Discarded, finalizedAt: Now.AddDays(-7).AddSeconds(-1));
        var youngDiscarded = await InsertRowAsync(JobState.Discarded, finalizedAt: Now.AddDays(-6));
        var available = await InsertRowAsync(JobState.Available, scheduledAt: Now.AddDays(-30));
        var retryable = await InsertRowAsync(JobState.Retryable, scheduledAt: Now.AddDays(-30), attempt: 1);

        Assert.Equal(3, await cleaner.RunOnceAsync());

        var left = await IdsAsync();
        Assert.DoesNotContain(oldCompleted, left);
        Assert.DoesNotContain(oldCancelled, left);
        Assert.DoesNotContain(oldDiscarded, left);
        Assert.Equal(new[] { youngCompleted, youngCancelled, youngDiscarded, available, retryable }.Order(), left);

        // A day later the young completed/cancelled ones go; the discarded one (6 days + 1) stays.
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, await cleaner.RunOnceAsync());
        Assert.Equal(new[] { youngDiscarded, available, retryable }.Order(), await IdsAsync());
    }

    [Fact]
    public async Task Job_cleaner_uses_configured_retentions_and_null_keeps_a_state_forever()
    {
        var client = NewMaintenanceClient(o =>
        {
            o.Maintenance.CompletedJobRetention = null;
            o.Maintenance.CancelledJobRetention = TimeSpan.FromMinutes(5);
            o.Maintenance.DiscardedJobRetention = TimeSpan.FromHours(1);
        });
        var cleaner = client.Maintenance.Get<JobCleaner>()!;
        var ancientCompleted = await InsertRowAsync(JobState.Completed, finalizedAt: Now.AddYears(-3));
        var cancelled6m = await InsertRowAsync(JobState.Cancelled, finalizedAt: Now.AddMinutes(-6));
        var cancelled4m = await InsertRowAsync(JobState.Cancelled, finalizedAt: Now.AddMinutes(-4));
        var discarded2h = await InsertRowAsync(JobState.Discarded, finalizedAt: Now.AddHours(-2));
        var discarded30m = await InsertRowAsync(JobState.Discarded, finalizedAt: Now.AddMinutes(-30));

        Assert.Equal(2, await cleaner.RunOnceAsync());
        Assert.Equal(new[] { ancientCompleted, cancelled4m, discarded30m }.Order(), await IdsAsync());
        _ = (cancelled6m, discarded2h);
    }

    [Fact]
    public async Task Job_cleaner_with_every_retention_null_deletes_nothing()
    {
        var client = NewMaintenanceClient(o =>
        {
            o.Maintenance.CompletedJobRetention = null;
            o.Maintenance.CancelledJobRetention = null;
            o.Maintenance.DiscardedJobRetention = null;
        });
        await InsertRowAsync(JobState.Completed, finalizedAt: Now.AddYears(-1));
        await InsertRowAsync(JobState.Discarded, finalizedAt: Now.AddYears(-1));
        Assert.Equal(0, await client.Maintenance.Get<JobCleaner>()!.RunOnceAsync());
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task Job_cleaner_deletes_in_bounded_batches_until_done()
    {
        var client = NewMaintenanceClient(o => o.Maintenance.JobCleanerBatchSize = 4);
        var cleaner = client.Maintenance.Get<JobCleaner>()!;
        await ExecuteAsync("""
            INSERT INTO river_job (args, kind, state, finalized_at, max_attempts)
            SELECT '{}', 'test.noop', 'completed', now() - interval '2 days', 25 FROM generate_series(1, 10)
            """);
        var run = cleaner.RunFinished.NextAsync(Wait);
        Assert.Equal(10, await cleaner.RunOnceAsync());
        Assert.Equal(0, await CountAsync());
        Assert.Equal(10, await run); // one run, three batches (4 + 4 + 2)
        Assert.False(cleaner.RunFinished.TryTake(out _));
    }

    [Fact]
    public async Task Queue_cleaner_deletes_queues_not_updated_for_the_retention()
    {
        var client = NewMaintenanceClient();
        var cleaner = client.Maintenance.Get<QueueCleaner>()!;
        await InsertQueueAsync("stale", Now.AddHours(-24).AddSeconds(-1));
        await InsertQueueAsync("fresh", Now.AddHours(-23));
        await InsertQueueAsync("current", Now);

        Assert.Equal(1, await cleaner.RunOnceAsync());
        Assert.Equal(["current", "fresh"], await QueueNamesAsync());

        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await cleaner.RunOnceAsync());
        Assert.Equal(["current"], await QueueNamesAsync());
    }

    [Fact]
    public async Task Queue_cleaner_retention_is_configurable()
    {
        var client = NewMaintenanceClient(o => o.Maintenance.QueueRetention = TimeSpan.FromMinutes(10));
        await InsertQueueAsync("a", Now.AddMinutes(-11));
        await InsertQueueAsync("b", Now.AddMinutes(-9));
        Assert.Equal(1, await client.Maintenance.Get<QueueCleaner>()!.RunOnceAsync());
        Assert.Equal(["b"], await QueueNamesAsync());
    }

    private async Task InsertQueueAsync(string name, DateTimeOffset updatedAt)
    {
        await using var cmd = DataSource.CreateCommand("INSERT INTO river_queue (name, created_at, updated_at) VALUES (@name, @at, @at)");
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("at", updatedAt.UtcDateTime);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> QueueNamesAsync()
    {
        await using var cmd = DataSource.CreateCommand("SELECT name FROM river_queue ORDER BY name");
        await using var reader = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private async Task<List<long>> IdsAsync()
    {
        await using var cmd = DataSource.CreateCommand("SELECT id FROM river_job ORDER BY id");
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }
}
