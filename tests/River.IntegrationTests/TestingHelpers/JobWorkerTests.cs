// Test workers of hand-defined args (no [JobArgs]) are registered by hand.
#pragma warning disable RIVER0018
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using River.IntegrationTests.Runtime;
using River.Testing;

namespace River.IntegrationTests.TestingHelpers;

public sealed class JobWorkerTests : RuntimeTestBase
{
    [Fact]
    public void The_helpers_use_one_statements_object_per_schema_as_the_client_does()
    {
        var first = new JobWorker<ScriptArgs>(new ScriptWorker());
        var second = new JobWorker<ScriptArgs>(new ScriptWorker(), new RiverClientOptions { Schema = "public" });
        var other = new JobWorker<ScriptArgs>(new ScriptWorker(), new RiverClientOptions { Schema = "elsewhere" });
        Assert.Same(first.Sql, second.Sql);
        Assert.NotSame(first.Sql, other.Sql);
        Assert.Equal("elsewhere", other.Sql.Schema);
        Assert.Same(RiverAssert.Statements(null), RiverAssert.Statements("public"));
        Assert.Same(first.Sql.Testing, RiverAssert.Statements("public"));
        Assert.Same(other.Sql.Testing, RiverAssert.Statements("elsewhere"));
    }

    [Fact]
    public async Task A_successful_job_completes_with_its_output_inside_the_transaction_only()
    {
        var worker = new JobWorker<ScriptArgs>(new ScriptWorker());
        await using var conn = await DataSource.OpenConnectionAsync();
        long id;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var result = await worker.WorkAsync(tx, new ScriptArgs("output", 42));
            id = result.Job.Id;
            Assert.Equal(WorkOutcome.Completed, result.Outcome);
            Assert.Equal(JobState.Completed, result.State);
            Assert.Equal("""{"sum": 42}""", result.Output);
            Assert.Null(result.Error);
            Assert.Null(result.NextRunAt);
            Assert.Equal(1, result.Job.Attempt);
            Assert.Equal([JobWorker<ScriptArgs>.DefaultClientId], result.Job.AttemptedBy);
            await tx.RollbackAsync();
        }
        Assert.Equal(0, await CountAsync());
        Assert.True(id > 0);
    }

    [Fact]
    public async Task The_clients_worker_middleware_and_scheduler_interval_apply()
    {
        var seen = new List<long>();
        var options = new RiverClientOptions();
        options.WorkerMiddleware.Add(new RecordingMiddleware(seen));
        options.Maintenance.SchedulerInterval = TimeSpan.FromMinutes(10);
        options.RetryPolicy = new InTwoMinutes();
        var worker = new JobWorker<ScriptArgs>(new ScriptWorker(), options);
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var result = await worker.WorkAsync(tx, new ScriptArgs("fail"), new InsertOptions { MaxAttempts = 5 });
        Assert.Equal([result.Job.Id], seen);
        // The retry is due in two minutes: inside a 10-minute scheduler interval it goes straight back to available
        // (as in the client with these options; with the default 5 s it would be retryable).
        Assert.Equal(JobState.Available, result.State);
    }

    private sealed class InTwoMinutes : IRetryPolicy
    {
        public DateTimeOffset NextRetry(JobRow job, DateTimeOffset now) => now + TimeSpan.FromMinutes(2);
    }

    private sealed class RecordingMiddleware(List<long> seen) : IWorkerMiddleware
    {
        public Task WorkAsync(JobRow job, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
        {
            seen.Add(job.Id);
            return next(cancellationToken);
        }
    }

    [Fact]
    public async Task A_failing_job_records_its_error_and_is_retried_or_discarded_at_its_last_attempt()
    {
        var worker = new JobWorker<ScriptArgs>(new ScriptWorker());
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();

        var first = await worker.WorkAsync(tx, new ScriptArgs("fail", 1), new InsertOptions { MaxAttempts = 2 });
        Assert.Equal(WorkOutcome.Failed, first.Outcome);
        Assert.Equal("InvalidOperationException: boom 1", first.Error!.Error);
        Assert.Equal(1, first.Error.Attempt);
        Assert.Contains(first.State, new[] { JobState.Available, JobState.Retryable });
        Assert.NotNull(first.NextRunAt);

        var last = await worker.WorkJobAsync(tx, first.Job.Id);
        Assert.Equal(WorkOutcome.Discarded, last.Outcome);
        Assert.Equal(2, last.Job.Errors.Count);
        Assert.NotNull(last.Job.FinalizedAt);

        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.WorkJobAsync(tx, first.Job.Id));
        Assert.Equal($"Job {first.Job.Id} is discarded; only a job that is neither running nor finalized can be worked.", again.Message);
    }

    [Fact]
    public async Task Snooze_uses_the_fake_clock_and_gives_the_attempt_back()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var worker = new JobWorker<ScriptArgs>(new ScriptWorker(), new RiverClientOptions { TimeProvider = clock });
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();

        var result = await worker.WorkAsync(tx, new ScriptArgs("snooze", 60));

        Assert.Equal(WorkOutcome.Snoozed, result.Outcome);
        Assert.Equal(JobState.Scheduled, result.State);
        Assert.Equal(0, result.Job.Attempt);
        Assert.Equal(clock.GetUtcNow().AddSeconds(60), result.NextRunAt);
        Assert.Contains("\"snoozes\": 1", result.Job.Metadata, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_cancel_ends_cancelled_and_a_job_of_another_kind_is_refused()
    {
        var worker = new JobWorker<ScriptArgs>(new ScriptWorker());
        var client = NewClient();
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();

        var result = await worker.WorkAsync(tx, new ScriptArgs("cancel"));
        Assert.Equal(WorkOutcome.Cancelled, result.Outcome);
        Assert.Contains("no longer needed", result.Error!.Error, StringComparison.Ordinal);

        var other = (await client.InsertAsync(new NoopArgs(1), tx)).Job.Id;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.WorkJobAsync(tx, other));
        Assert.Equal($"Job {other} is of kind 'test.noop', but this JobWorker works kind 'test.script'.", e.Message);
    }

    [Fact]
    public async Task A_scheduled_job_is_worked_at_once_and_a_missing_one_is_reported()
    {
        var worker = new JobWorker<ScriptArgs>(new ScriptWorker());
        var client = NewClient();
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = (await client.InsertAsync(new ScriptArgs("ok"), tx, new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddDays(1) })).Job.Id;

        Assert.Equal(WorkOutcome.Completed, (await worker.WorkJobAsync(tx, id)).Outcome);
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.WorkJobAsync(tx, id + 100));
        Assert.Equal($"Job {id + 100} does not exist (in this transaction's view).", missing.Message);
    }

    [Fact]
    public async Task The_client_options_retry_policy_clock_and_services_are_used()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton(new Greeting("hello")).BuildServiceProvider();
        var worker = new JobWorker<NoopArgs>(sp => new GreetingWorker(sp.GetRequiredService<Greeting>()), new RiverClientOptions
        {
            TimeProvider = clock,
            Services = services,
            RetryPolicy = new FixedRetry(TimeSpan.FromHours(3)),
            MaxAttempts = 4,
            ClientId = "unit-test",
        });
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();

        var result = await worker.WorkAsync(tx, new NoopArgs(5));

        Assert.Equal(WorkOutcome.Failed, result.Outcome);
        Assert.Equal(JobState.Retryable, result.State);
        Assert.Equal(clock.GetUtcNow().AddHours(3), result.NextRunAt);
        Assert.Equal("hello 5", result.Error!.Error);
        Assert.Equal(clock.GetUtcNow(), result.Error.At);
        Assert.Equal(4, result.Job.MaxAttempts);
        Assert.Equal(["unit-test"], result.Job.AttemptedBy);
    }

    private sealed record Greeting(string Text);

    private sealed class GreetingWorker(Greeting greeting) : Worker<NoopArgs>
    {
        public override Task WorkAsync(Job<NoopArgs> job, CancellationToken cancellationToken) =>
            throw new Exception($"{greeting.Text} {job.Args.N}");
    }

    private sealed class FixedRetry(TimeSpan delay) : IRetryPolicy
    {
        public DateTimeOffset NextRetry(JobRow job, DateTimeOffset now) => now + delay;
    }
}
