using System.Text.Json;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Management;

public sealed class JobChangeTests : ManagementTestBase
{
    [Fact]
    public async Task Cancelling_a_job_that_is_not_running_cancels_it_at_once_without_notification()
    {
        var client = NewClient();
        await using var listener = await ListenControlAsync();
        var id = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddHours(1) })).Job.Id;

        var job = await client.CancelJobAsync(id);

        Assert.Equal(JobState.Cancelled, job.State);
        Assert.NotNull(job.FinalizedAt);
        using var metadata = JsonDocument.Parse(job.Metadata);
        Assert.True(metadata.RootElement.GetProperty("cancel_attempted_at").TryGetDateTimeOffset(out _));
        Assert.Equal(JobState.Cancelled, (await GetAsync(client, id)).State);
        Assert.Empty(await listener.ReceivedBeforeMarkerAsync(DataSource));
    }

    [Fact]
    public async Task Cancelling_a_running_job_flags_it_and_notifies_the_control_channel()
    {
        var client = NewClient();
        await using var listener = await ListenControlAsync();
        var id = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { Queue = "mail" })).Job.Id;
        await MarkRunningAsync(id);

        var job = await client.CancelJobAsync(id);

        Assert.Equal(JobState.Running, job.State);
        Assert.Null(job.FinalizedAt);
        using (var metadata = JsonDocument.Parse(job.Metadata))
        {
            var at = metadata.RootElement.GetProperty("cancel_attempted_at").GetDateTimeOffset();
            Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        }
        var notifications = await listener.ReceivedBeforeMarkerAsync(DataSource);
        var payload = Assert.Single(notifications);
        Assert.Equal("cancel", payload.GetProperty("action").GetString());
        Assert.Equal(id, payload.GetProperty("job_id").GetInt64());
        Assert.Equal("mail", payload.GetProperty("queue").GetString());
    }

    [Fact]
    public async Task A_running_job_cancelled_from_another_client_is_cancelled_on_the_next_poll_and_ends_cancelled()
    {
        var worker = new ScriptWorker();
        var runner = NewClient(o => { o.Queues.Add("default", 2); o.Workers.Add(Defs.Script, _ => worker); o.JobTimeout = Timeout.InfiniteTimeSpan; o.PollOnly = true; });
        var admin = NewClient();
        await runner.StartAsync();
        var written = WaitForOutcomesAsync(runner, 1);
        var id = (await admin.InsertAsync(new ScriptArgs("hang"))).Job.Id;
        await worker.Started.Task.WaitAsync(Patience);

        await admin.CancelJobAsync(id); // admin runs no producers and the runner listens to nothing: only its poll can react

        Assert.True(await worker.ObservedCancellation.Task.WaitAsync(Patience));
        await written;
        var job = await GetAsync(admin, id);
        Assert.Equal(JobState.Cancelled, job.State);
        Assert.NotNull(job.FinalizedAt);
    }

    [Fact]
    public async Task Cancelling_a_finalized_job_returns_it_unchanged_and_a_missing_one_is_not_found()
    {
        var client = NewClient();
        var id = (await client.InsertAsync(new NoopArgs(1))).Job.Id;
        await ExecAsync("UPDATE river_job SET state = 'completed', finalized_at = now() - interval '1 hour' WHERE id = $1", id);
        var before = await GetAsync(client, id);

        var after = await client.CancelJobAsync(id);

        Assert.Equal(JobState.Completed, after.State);
        Assert.Equal(before.FinalizedAt, after.FinalizedAt);
        Assert.Equal(before.Metadata, after.Metadata);
        var missing = await Assert.ThrowsAsync<RiverNotFoundException>(() => client.CancelJobAsync(id + 1000));
        Assert.Equal($"No job has id {id + 1000}.", missing.Message);
    }

    [Fact]
    public async Task A_cancel_in_a_rolled_back_transaction_changes_nothing_and_notifies_nobody()
    {
        var client = NewClient();
        await using var listener = await ListenControlAsync();
        var id = (await client.InsertAsync(new NoopArgs(1))).Job.Id;
        await MarkRunningAsync(id);
        await using (var conn = await DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var inside = await client.CancelJobAsync(id, tx);
            Assert.Contains("cancel_attempted_at", inside.Metadata, StringComparison.Ordinal);
            await tx.RollbackAsync();
        }
        Assert.DoesNotContain("cancel_attempted_at", (await GetAsync(client, id)).Metadata, StringComparison.Ordinal);
        Assert.Empty(await listener.ReceivedBeforeMarkerAsync(DataSource));
    }

    [Fact]
    public async Task Retrying_a_discarded_job_at_max_attempts_makes_it_available_with_one_more_attempt()
    {
        var client = NewClient();
        var id = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { MaxAttempts = 3, ScheduledAt = DateTimeOffset.UtcNow.AddDays(-1) })).Job.Id;
        await ExecAsync("""
            UPDATE river_job SET state = 'discarded', attempt = 3, finalized_at = now(),
                errors = ARRAY['{"at":"2024-01-01T00:00:00Z","attempt":3,"error":"boom","trace":""}'::jsonb],
                metadata = '{"cancel_attempted_at":"2024-01-01T00:00:00Z","keep":1}'
            WHERE id = $1
            """, id);

        var job = await client.RetryJobAsync(id);

        Assert.Equal(JobState.Available, job.State);
        Assert.Null(job.FinalizedAt);
        Assert.Equal(3, job.Attempt);
        Assert.Equal(4, job.MaxAttempts);
        Assert.Single(job.Errors);
        Assert.InRange(job.ScheduledAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("""{"keep": 1}""", job.Metadata);
    }

    [Fact]
    public async Task Retrying_keeps_max_attempts_when_attempts_remain_and_leaves_running_jobs_alone()
    {
        var client = NewClient();
        var scheduled = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddHours(2) })).Job;
        var retried = await client.RetryJobAsync(scheduled.Id);
        Assert.Equal(JobState.Available, retried.State);
        Assert.Equal(scheduled.MaxAttempts, retried.MaxAttempts);
        Assert.True(retried.ScheduledAt < scheduled.ScheduledAt);

        var running = (await client.InsertAsync(new NoopArgs(2))).Job.Id;
        await MarkRunningAsync(running);
        var unchanged = await client.RetryJobAsync(running);
        Assert.Equal(JobState.Running, unchanged.State);
        Assert.Equal(1, unchanged.Attempt);
        await Assert.ThrowsAsync<RiverNotFoundException>(() => client.RetryJobAsync(running + 1000));
    }

    [Fact]
    public async Task Retrying_a_unique_job_whose_key_is_taken_again_is_refused_with_a_clear_error()
    {
        var client = NewClient();
        var first = (await client.InsertAsync(new UniqueArgs("k1"))).Job.Id;
        await ExecAsync("UPDATE river_job SET state = 'discarded', finalized_at = now() WHERE id = $1", first);
        var second = await client.InsertAsync(new UniqueArgs("k1"));
        Assert.False(second.UniqueSkippedAsDuplicate);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => client.RetryJobAsync(first));

        Assert.StartsWith($"Job {first} cannot be made available again: another job with the same unique key", e.Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Discarded, (await GetAsync(client, first)).State);
    }

    [Fact]
    public async Task Retrying_in_a_transaction_follows_the_transaction()
    {
        var client = NewClient();
        var id = (await client.InsertAsync(new NoopArgs(1))).Job.Id;
        await ExecAsync("UPDATE river_job SET state = 'completed', finalized_at = now() WHERE id = $1", id);
        await using (var conn = await DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            Assert.Equal(JobState.Available, (await client.RetryJobAsync(id, tx)).State);
            await tx.RollbackAsync();
        }
        Assert.Equal(JobState.Completed, (await GetAsync(client, id)).State);
    }

    [Fact]
    public async Task Deleting_a_job_removes_it_but_a_running_job_is_refused_with_a_clear_error()
    {
        var client = NewClient();
        var id = (await client.InsertAsync(new NoopArgs(1))).Job.Id;
        var deleted = await client.DeleteJobAsync(id);
        Assert.Equal(id, deleted.Id);
        Assert.Null(await client.GetJobAsync(id));
        await Assert.ThrowsAsync<RiverNotFoundException>(() => client.DeleteJobAsync(id));

        var running = (await client.InsertAsync(new NoopArgs(2), new InsertOptions { Queue = "mail" })).Job.Id;
        await MarkRunningAsync(running);
        var refused = await Assert.ThrowsAsync<RiverJobRunningException>(() => client.DeleteJobAsync(running));
        Assert.Equal($"Job {running} (kind 'test.noop', queue 'mail') is running and cannot be deleted; cancel it first or wait until it finishes.", refused.Message);
        Assert.Equal(JobState.Running, refused.Job.State);
        Assert.NotNull(await client.GetJobAsync(running));
    }

    [Fact]
    public async Task Delete_many_refuses_an_empty_filter_unless_allowed_and_never_deletes_running_jobs()
    {
        var client = NewClient();
        var a = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { Tags = ["old"] })).Job.Id;
        var b = (await client.InsertAsync(new NoopArgs(2))).Job.Id;
        var c = (await client.InsertAsync(new OtherQueueArgs(3))).Job.Id;
        var running = (await client.InsertAsync(new NoopArgs(4), new InsertOptions { Tags = ["old"] })).Job.Id;
        await MarkRunningAsync(running);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteManyAsync(new JobDeleteManyOptions()));
        Assert.Contains("no filter", refused.Message, StringComparison.Ordinal);
        Assert.Contains("AllowEmptyFilter = true", refused.Message, StringComparison.Ordinal);
        Assert.Equal(4, await CountAsync());

        Assert.Equal(1, await client.DeleteManyAsync(new JobDeleteManyOptions { TagsAny = ["old"] }));
        Assert.Null(await client.GetJobAsync(a));

        await using (var conn = await DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            Assert.Equal(1, await client.DeleteManyAsync(new JobDeleteManyOptions { Queues = ["other"] }, tx));
            await tx.RollbackAsync();
        }
        Assert.NotNull(await client.GetJobAsync(c));

        Assert.Equal(2, await client.DeleteManyAsync(new JobDeleteManyOptions { AllowEmptyFilter = true }));
        Assert.Null(await client.GetJobAsync(b));
        Assert.Equal([running], (await client.ListJobsAsync(new JobListOptions())).Jobs.Select(j => j.Id));
    }
}
