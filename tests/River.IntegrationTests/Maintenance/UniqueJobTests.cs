// An invalid state set on purpose: the runtime's own check is under test.
#pragma warning disable RIVER0009
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Maintenance;

[JobArgs("unique.account_sync")]
[UniqueJob(ByArgs = true)]
public sealed record AccountSyncArgs(string Note, [property: UniqueKey] long AccountId);

[JobArgs("unique.ping_a")]
public sealed record PingA(int N);

[JobArgs("unique.ping_b")]
public sealed record PingB(int N);

public sealed class UniqueJobTests : MaintenanceTestBase
{
    private static readonly UniqueOptions ByArgs = new() { ByArgs = true };

    [Fact]
    public async Task By_args_skips_an_equal_job_and_returns_the_existing_row()
    {
        var client = NewMaintenanceClient();
        var first = await client.InsertAsync(new NoopArgs(1), new InsertOptions { UniqueOptions = ByArgs });
        var again = await client.InsertAsync(new NoopArgs(1), new InsertOptions { UniqueOptions = ByArgs });
        var other = await client.InsertAsync(new NoopArgs(2), new InsertOptions { UniqueOptions = ByArgs });

        Assert.False(first.UniqueSkippedAsDuplicate);
        Assert.True(again.UniqueSkippedAsDuplicate);
        Assert.Equal(first.Job.Id, again.Job.Id);
        Assert.False(other.UniqueSkippedAsDuplicate);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task By_marked_properties_ignores_the_unmarked_ones()
    {
        var client = NewMaintenanceClient();
        var first = await client.InsertAsync(new AccountSyncArgs("first", 42));
        var sameAccount = await client.InsertAsync(new AccountSyncArgs("a different note", 42));
        var otherAccount = await client.InsertAsync(new AccountSyncArgs("first", 43));

        Assert.False(first.UniqueSkippedAsDuplicate);
        Assert.True(sameAccount.UniqueSkippedAsDuplicate);
        Assert.Equal(first.Job.Id, sameAccount.Job.Id);
        Assert.False(otherAccount.UniqueSkippedAsDuplicate);
    }

    [Fact]
    public async Task By_period_allows_one_job_per_period_across_the_boundary()
    {
        var hour = TimeSpan.FromHours(1);
        var boundary = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1).AddHours(14);
        Clock.SetUtcNow(boundary - TimeSpan.FromSeconds(1));
        var client = NewMaintenanceClient();
        var opts = new InsertOptions { UniqueOptions = new UniqueOptions { ByPeriod = hour } };

        var before = await client.InsertAsync(new NoopArgs(1), opts);
        var beforeAgain = await client.InsertAsync(new NoopArgs(2), opts); // args not in the key
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await client.InsertAsync(new NoopArgs(3), opts);
        var afterAgain = await client.InsertAsync(new NoopArgs(4), opts);
        Clock.Advance(hour - TimeSpan.FromTicks(1));
        var endOfPeriod = await client.InsertAsync(new NoopArgs(5), opts);

        Assert.False(before.UniqueSkippedAsDuplicate);
        Assert.True(beforeAgain.UniqueSkippedAsDuplicate);
        Assert.False(after.UniqueSkippedAsDuplicate);
        Assert.True(afterAgain.UniqueSkippedAsDuplicate);
        Assert.Equal(after.Job.Id, afterAgain.Job.Id);
        Assert.True(endOfPeriod.UniqueSkippedAsDuplicate);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task By_period_uses_the_scheduled_time_when_one_is_given()
    {
        var client = NewMaintenanceClient();
        var opts = new UniqueOptions { ByPeriod = TimeSpan.FromHours(1) };
        var tomorrow = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1).AddHours(9);
        var a = await client.InsertAsync(new NoopArgs(1), new InsertOptions { UniqueOptions = opts, ScheduledAt = tomorrow.AddMinutes(5) });
        var b = await client.InsertAsync(new NoopArgs(1), new InsertOptions { UniqueOptions = opts, ScheduledAt = tomorrow.AddMinutes(55) });
        var c = await client.InsertAsync(new NoopArgs(1), new InsertOptions { UniqueOptions = opts, ScheduledAt = tomorrow.AddMinutes(65) });
        Assert.False(a.UniqueSkippedAsDuplicate);
        Assert.True(b.UniqueSkippedAsDuplicate);
        Assert.False(c.UniqueSkippedAsDuplicate);
    }

    [Fact]
    public async Task By_queue_keeps_queues_apart()
    {
        var client = NewMaintenanceClient();
        var opts = new UniqueOptions { ByArgs = true, ByQueue = true };
        var mail = await client.InsertAsync(new NoopArgs(1), new InsertOptions { UniqueOptions = opts, Queue = "mail" });
        var sms = await client.InsertAsync(new NoopArgs(1), new InsertOptions { UniqueOptions = opts, Queue = "sms" });
        var mailAgain = await client.InsertAsync(new NoopArgs(1), new InsertOptions { UniqueOptions = opts, Queue = "mail" });
        Assert.False(mail.UniqueSkippedAsDuplicate);
        Assert.False(sms.UniqueSkippedAsDuplicate);
        Assert.True(mailAgain.UniqueSkippedAsDuplicate);

        // Without ByQueue the queue does not matter.
        var noQueue = new UniqueOptions { ByArgs = true };
        Assert.False((await client.InsertAsync(new NoopArgs(9), new InsertOptions { UniqueOptions = noQueue, Queue = "mail" })).UniqueSkippedAsDuplicate);
        Assert.True((await client.InsertAsync(new NoopArgs(9), new InsertOptions { UniqueOptions = noQueue, Queue = "sms" })).UniqueSkippedAsDuplicate);
    }

    [Fact]
    public async Task A_state_set_missing_a_required_state_is_refused_with_a_clear_error()
    {
        var client = NewMaintenanceClient();
        var opts = new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true, ByState = [JobState.Available, JobState.Completed] } };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.InsertAsync(new NoopArgs(1), opts));
        Assert.Contains("pending", e.Message, StringComparison.Ordinal);
        Assert.Contains("running", e.Message, StringComparison.Ordinal);
        Assert.Contains("scheduled", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Excluding_the_kind_makes_different_kinds_conflict()
    {
        var client = NewMaintenanceClient();
        var withKind = new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true } };
        Assert.False((await client.InsertAsync(new PingA(1), withKind)).UniqueSkippedAsDuplicate);
        Assert.False((await client.InsertAsync(new PingB(1), withKind)).UniqueSkippedAsDuplicate);

        var withoutKind = new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true, ExcludeKind = true } };
        var a = await client.InsertAsync(new PingA(2), withoutKind);
        var b = await client.InsertAsync(new PingB(2), withoutKind);
        Assert.False(a.UniqueSkippedAsDuplicate);
        Assert.True(b.UniqueSkippedAsDuplicate);
        Assert.Equal(a.Job.Id, b.Job.Id);
        Assert.Equal("unique.ping_a", b.Job.Kind); // the existing job keeps its kind
        Assert.Equal("unique.ping_a", (await GetAsync(client, a.Job.Id)).Kind);
    }

    [Fact]
    public async Task A_job_only_blocks_while_it_is_in_one_of_the_unique_states()
    {
        var client = NewMaintenanceClient();
        var notCompleted = new InsertOptions
        {
            UniqueOptions = new UniqueOptions { ByArgs = true, ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled, JobState.Retryable] },
        };
        var first = await client.InsertAsync(new NoopArgs(1), notCompleted);
        Assert.True((await client.InsertAsync(new NoopArgs(1), notCompleted)).UniqueSkippedAsDuplicate);
        await ExecuteAsync($"UPDATE river_job SET state = 'completed', finalized_at = now() WHERE id = {first.Job.Id}");
        var second = await client.InsertAsync(new NoopArgs(1), notCompleted);
        Assert.False(second.UniqueSkippedAsDuplicate);
        Assert.NotEqual(first.Job.Id, second.Job.Id);

        // The default set includes completed: a completed job still blocks.
        var byDefault = new InsertOptions { UniqueOptions = ByArgs };
        var done = await client.InsertAsync(new NoopArgs(7), byDefault);
        await ExecuteAsync($"UPDATE river_job SET state = 'completed', finalized_at = now() WHERE id = {done.Job.Id}");
        Assert.True((await client.InsertAsync(new NoopArgs(7), byDefault)).UniqueSkippedAsDuplicate);
    }

    [Fact]
    public async Task The_scheduler_discards_a_retry_that_would_collide_with_a_newer_unique_job()
    {
        // A retryable job does not block when retryable is left out of its states, so a new equal job can be
        // inserted meanwhile; when the retry comes due the scheduler discards it (River's scheduler_discarded).
        var client = NewMaintenanceClient();
        var opts = new InsertOptions
        {
            UniqueOptions = new UniqueOptions { ByArgs = true, ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled] },
        };
        var retrying = await client.InsertAsync(new NoopArgs(1), opts);
        await ExecuteAsync($"UPDATE river_job SET state = 'retryable', attempt = 1, scheduled_at = now() - interval '1 second' WHERE id = {retrying.Job.Id}");
        var fresh = await client.InsertAsync(new NoopArgs(1), opts);
        Assert.False(fresh.UniqueSkippedAsDuplicate);

        Clock.Advance(TimeSpan.FromMinutes(1)); // the fake clock started before the database's now()
        await client.Maintenance.Get<River.Maintenance.JobScheduler>()!.RunOnceAsync();
        Assert.Equal(JobState.Discarded, await StateAsync(retrying.Job.Id));
        Assert.Equal(JobState.Available, await StateAsync(fresh.Job.Id));
    }
}
