using Microsoft.Extensions.Logging.Abstractions;
using River.Execution;
using River.Runtime.Tests.Generated;

namespace River.Runtime.Tests.Execution;

/// <summary>
/// One call of a batch worker through the executor, without a database: the outcome of each job, by the same rules as
/// single jobs (retry schedule, snooze, cancel, discard), what a throw and a timeout do, and middleware per job.
/// </summary>
public sealed class BatchExecutionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static JobRow Row(long id, int attempt = 1, int maxAttempts = 25, string? args = null) => new()
    {
        Id = id, State = JobState.Running, Attempt = attempt, MaxAttempts = maxAttempts, CreatedAt = Now, ScheduledAt = Now,
        Priority = 1, EncodedArgs = System.Text.Encoding.UTF8.GetBytes(args ?? $$"""{"row":{{id}}}"""), Kind = "test.bulk_write", Queue = "default",
    };

    private static async Task<JobCompletion[]> RunAsync(Func<JobBatch<BulkWrite>, CancellationToken, Task> work, JobRow[] rows,
        TimeSpan? timeout = null, IReadOnlyList<IWorkerMiddleware>? middleware = null, Action<AttemptCancellation[]>? beforeCall = null)
    {
        var workers = new RiverWorkers().AddBatch(JobDefinition.For<BulkWrite>(), _ => new DelegateWorker(work, timeout));
        var executor = new JobExecutor(workers, null, new DefaultRetryPolicy(() => 0.5), TimeProvider.System, RiverDefaults.JobTimeout,
            MaintenanceDefaults.SchedulerInterval, NullLogger.Instance, middleware);
        Assert.True(workers.TryGetWorker("test.bulk_write", out var registration));
        var jobs = rows.Select(_ => new AttemptCancellation()).ToArray();
        using var call = new AttemptCancellation();
        beforeCall?.Invoke(jobs);
        try
        {
            return await executor.ExecuteBatchAsync(registration!, rows, jobs, call);
        }
        finally
        {
            foreach (var job in jobs)
            {
                job.Dispose();
            }
        }
    }

    [Fact]
    public async Task Each_job_gets_its_own_outcome_and_jobs_without_one_complete()
    {
        var completions = await RunAsync((batch, _) =>
        {
            batch.Complete(batch[0]);
            batch[0].RecordOutput("""{"sent":true}""");
            batch.Fail(batch[1], new InvalidOperationException("smtp 451"));
            batch.Snooze(batch[2], TimeSpan.FromMinutes(5));
            batch.Cancel(batch[3], "unsubscribed");
            return Task.CompletedTask; // batch[4]: no outcome
        }, [Row(1), Row(2), Row(3), Row(4), Row(5), Row(6, attempt: 3, maxAttempts: 3)]);

        Assert.Equal(JobState.Completed, completions[0].State);
        Assert.Equal("""{"output":{"sent":true}}""", completions[0].MetadataPatchJson);
        Assert.Equal(JobState.Available, completions[1].State); // (0+1)^4 = 1 s, inside the scheduler interval
        Assert.Contains("smtp 451", completions[1].ErrorJson, StringComparison.Ordinal);
        Assert.True(completions[2].Snoozed);
        Assert.Equal(JobState.Scheduled, completions[2].State);
        Assert.Null(completions[2].ErrorJson);
        Assert.Equal(JobState.Cancelled, completions[3].State);
        Assert.Contains("unsubscribed", completions[3].ErrorJson, StringComparison.Ordinal);
        Assert.Equal(JobState.Completed, completions[4].State);
        Assert.Null(completions[4].ErrorJson);
        Assert.Equal(JobState.Completed, completions[5].State);
        Assert.Equal([1L, 2, 3, 4, 5, 6], completions.Select(c => c.JobId));
    }

    [Fact]
    public async Task A_throw_fails_every_job_without_an_outcome_and_recorded_outcomes_stand()
    {
        var completions = await RunAsync((batch, _) =>
        {
            batch.Complete(batch[0]);
            throw new InvalidOperationException("bulk insert refused");
        }, [Row(1), Row(2), Row(3, attempt: 2, maxAttempts: 2)]);

        Assert.Equal(JobState.Completed, completions[0].State);
        Assert.Equal(JobState.Available, completions[1].State);
        Assert.Contains("bulk insert refused", completions[1].ErrorJson, StringComparison.Ordinal);
        Assert.Equal(JobState.Discarded, completions[2].State); // its last attempt: as a single job
        Assert.Contains("bulk insert refused", completions[2].ErrorJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_call_timeout_fails_the_jobs_without_an_outcome_with_a_timeout()
    {
        var completions = await RunAsync(async (batch, ct) =>
        {
            batch.Complete(batch[0]);
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        }, [Row(1), Row(2)], timeout: TimeSpan.FromMilliseconds(50));

        Assert.Equal(JobState.Completed, completions[0].State);
        Assert.Equal(JobState.Available, completions[1].State);
        Assert.Contains("TimeoutException", completions[1].ErrorJson, StringComparison.Ordinal);
        Assert.Contains("timed out after", completions[1].ErrorJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_whose_args_cannot_be_read_fails_alone()
    {
        var seen = new List<long>();
        var completions = await RunAsync((batch, _) =>
        {
            seen.AddRange(batch.Select(j => j.Id));
            return Task.CompletedTask;
        }, [Row(1), Row(2, args: """{"row":"not a number"}"""), Row(3)]);

        Assert.Equal([1L, 3], seen);
        Assert.Equal(JobState.Completed, completions[0].State);
        Assert.Contains("JobArgsException", completions[1].ErrorJson, StringComparison.Ordinal);
        Assert.Equal(JobState.Completed, completions[2].State);
    }

    [Fact]
    public async Task A_job_cancelled_before_its_call_is_left_out_and_fails_as_cancelled_on_request()
    {
        var seen = new List<long>();
        var completions = await RunAsync((batch, _) =>
        {
            seen.AddRange(batch.Select(j => j.Id));
            return Task.CompletedTask;
        }, [Row(1), Row(2)], beforeCall: jobs => jobs[1].CancelByRequest());

        Assert.Equal([1L], seen);
        Assert.Equal(JobState.Completed, completions[0].State);
        Assert.Contains("cancelled before its batch started", completions[1].ErrorJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_cancel_of_one_job_cancels_its_token_only()
    {
        var tokens = new CancellationToken[3];
        var callToken = CancellationToken.None;
        AttemptCancellation[]? sources = null;
        await RunAsync((batch, ct) =>
        {
            callToken = ct;
            sources![1].CancelByRequest();
            for (var i = 0; i < 3; i++)
            {
                tokens[i] = batch.CancellationTokenOf(batch[i]);
            }
            return Task.CompletedTask;
        }, [Row(1), Row(2), Row(3)], beforeCall: jobs => sources = jobs);

        Assert.False(tokens[0].IsCancellationRequested);
        Assert.True(tokens[1].IsCancellationRequested);
        Assert.False(tokens[2].IsCancellationRequested);
        Assert.False(callToken.IsCancellationRequested);
    }

    [Fact]
    public async Task Middleware_runs_around_each_job_and_sees_that_jobs_outcome()
    {
        var middleware = new RecordingMiddleware();
        var calls = 0;
        var completions = await RunAsync((batch, _) =>
        {
            Interlocked.Increment(ref calls);
            batch.Fail(batch[1], new InvalidOperationException("bounced"));
            batch.Fail(batch[2], new InvalidOperationException("forgiven"));
            return Task.CompletedTask;
        }, [Row(1), Row(2), Row(3), Row(4)], middleware: [middleware]);

        Assert.Equal(1, calls); // one call, with the three jobs whose chains reached it
        Assert.Equal([1L, 2, 3, 4], middleware.Entered.Order());
        Assert.Equal(["1:ok", "2:bounced", "3:forgiven"], middleware.Results.Order(StringComparer.Ordinal));
        Assert.Equal(JobState.Completed, completions[0].State);
        Assert.Contains("bounced", completions[1].ErrorJson, StringComparison.Ordinal);
        Assert.Equal(JobState.Completed, completions[2].State); // the middleware swallowed its error, as it can for a single job
        Assert.Equal(JobState.Completed, completions[3].State); // skipped by the middleware: completes without running
    }

    [Fact]
    public async Task Outcomes_are_one_per_job_and_only_during_the_call()
    {
        JobBatch<BulkWrite>? kept = null;
        InvalidOperationException? twice = null;
        ArgumentException? foreign = null;
        await RunAsync((batch, _) =>
        {
            kept = batch;
            batch.Complete(batch[0]);
            twice = Assert.Throws<InvalidOperationException>(() => batch.Snooze(batch[0], TimeSpan.Zero));
            foreign = Assert.Throws<ArgumentException>(() => batch.Complete(new Job<BulkWrite>(Row(99), new BulkWrite(99))));
            Assert.True(batch.HasOutcome(batch[0]));
            Assert.False(batch.HasOutcome(batch[1]));
            return Task.CompletedTask;
        }, [Row(1), Row(2)]);

        Assert.Contains("already has an outcome in this batch (completed)", twice!.Message, StringComparison.Ordinal);
        Assert.Contains("not one of this batch", foreign!.Message, StringComparison.Ordinal);
        var late = Assert.Throws<InvalidOperationException>(() => kept!.Complete(kept[1]));
        Assert.Contains("has returned", late.Message, StringComparison.Ordinal);
#pragma warning disable RIVER0045 // the negative delay is the point: the runtime refuses it
        Assert.Throws<ArgumentOutOfRangeException>(() => kept!.Snooze(kept[1], TimeSpan.FromSeconds(-1)));
#pragma warning restore RIVER0045
    }

#pragma warning disable RIVER0031 // registered by hand in the test, not by the generated code
    private sealed class DelegateWorker(Func<JobBatch<BulkWrite>, CancellationToken, Task> work, TimeSpan? timeout) : BatchWorker<BulkWrite>
#pragma warning restore RIVER0031
    {
        public override TimeSpan? Timeout => timeout;

        public override Task WorkAsync(JobBatch<BulkWrite> batch, CancellationToken cancellationToken) => work(batch, cancellationToken);
    }

    /// <summary>Skips job 4, swallows the error of job 3, records what each next returned.</summary>
    private sealed class RecordingMiddleware : IWorkerMiddleware
    {
        public System.Collections.Concurrent.ConcurrentBag<long> Entered { get; } = [];
        public System.Collections.Concurrent.ConcurrentBag<string> Results { get; } = [];

        public async Task WorkAsync(JobRow job, Func<CancellationToken, Task> next, CancellationToken cancellationToken)
        {
            Entered.Add(job.Id);
            if (job.Id == 4)
            {
                return;
            }
            await Task.Yield();
            try
            {
                await next(cancellationToken);
                Results.Add(job.Id + ":ok");
            }
            catch (InvalidOperationException e)
            {
                Results.Add(job.Id + ":" + e.Message);
                if (job.Id != 3)
                {
                    throw;
                }
            }
        }
    }
}
