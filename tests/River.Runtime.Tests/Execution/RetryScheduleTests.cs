using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using River.Execution;

namespace River.Runtime.Tests.Execution;

/// <summary>The outcome the executor writes for a failed attempt, driven by a fake clock and a fixed jitter.</summary>
public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 17, 13, 47, 12, TimeSpan.Zero);

    private static JobExecutor Executor(FakeTimeProvider time, IRetryPolicy? policy = null) =>
        new(new RiverWorkers(), null, policy ?? new DefaultRetryPolicy(() => 0.5), time, RiverDefaults.JobTimeout,
            MaintenanceDefaults.SchedulerInterval, NullLogger.Instance);

    private static JobRow Row(int attempt, int maxAttempts, int previousErrors) => new()
    {
        Id = 1, State = JobState.Running, Attempt = attempt, MaxAttempts = maxAttempts, CreatedAt = Now, ScheduledAt = Now,
        Priority = 1, EncodedArgs = "{}"u8.ToArray(), Kind = "k", Queue = "default",
        Errors = Enumerable.Range(1, previousErrors).Select(i => new AttemptError(Now, i, "e", "")).ToArray(),
    };

    private static AttemptResult Failure() => AttemptResult.Failed(new InvalidOperationException("boom"), timedOut: false, nextRetry: null);

    [Theory]
    [InlineData(1, 0, 1, JobState.Available)]     // (0+1)^4 = 1 s: within the scheduler interval, straight back to available
    [InlineData(2, 1, 16, JobState.Retryable)]    // (1+1)^4 = 16 s
    [InlineData(3, 2, 81, JobState.Retryable)]    // 81 s
    [InlineData(5, 4, 625, JobState.Retryable)]   // 625 s
    public void Failed_attempts_follow_the_errors_plus_one_to_the_fourth_schedule(int attempt, int previousErrors, int seconds, JobState state)
    {
        var time = new FakeTimeProvider(Now);
        var completion = Executor(time).ToCompletion(Row(attempt, 25, previousErrors), Failure());
        Assert.Equal(state, completion.State);
        Assert.Equal(Now.AddSeconds(seconds), completion.ScheduledAt); // jitter 0.5 ⇒ ±0
        Assert.Null(completion.FinalizedAt);
        Assert.Contains("boom", completion.ErrorJson, StringComparison.Ordinal);
    }

    [Fact]
    public void The_schedule_moves_with_the_clock()
    {
        var time = new FakeTimeProvider(Now);
        var executor = Executor(time);
        time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(Now.AddHours(3).AddSeconds(16), executor.ToCompletion(Row(2, 25, 1), Failure()).ScheduledAt);
    }

    [Fact]
    public void The_last_attempt_discards()
    {
        var completion = Executor(new FakeTimeProvider(Now)).ToCompletion(Row(3, 3, 2), Failure());
        Assert.Equal(JobState.Discarded, completion.State);
        Assert.Equal(Now, completion.FinalizedAt);
    }

    [Fact]
    public void A_policy_time_in_the_past_falls_back_to_the_default_policy()
    {
        var past = new FixedPolicy(Now.AddMinutes(-5));
        var completion = Executor(new FakeTimeProvider(Now), past).ToCompletion(Row(2, 25, 1), Failure());
        Assert.True(completion.ScheduledAt > Now);
        Assert.InRange(completion.ScheduledAt!.Value, Now.AddSeconds(16 * 0.9), Now.AddSeconds(16 * 1.1));
    }

    [Fact]
    public void A_worker_next_retry_wins_over_the_policy()
    {
        var result = AttemptResult.Failed(new InvalidOperationException("x"), timedOut: false, nextRetry: Now.AddDays(1));
        var completion = Executor(new FakeTimeProvider(Now)).ToCompletion(Row(1, 25, 0), result);
        Assert.Equal((JobState.Retryable, Now.AddDays(1)), (completion.State, completion.ScheduledAt!.Value));
    }

    [Theory]
    [InlineData(null, JobState.Retryable)]   // default 5 s: a 16 s retry waits for the scheduler
    [InlineData(30, JobState.Available)]     // 30 s: the same retry is due within the interval, available at once
    [InlineData(16, JobState.Available)]     // the threshold is inclusive
    [InlineData(15, JobState.Retryable)]
    public void The_due_soon_threshold_is_the_clients_configured_scheduler_interval(int? intervalSeconds, JobState expected)
    {
        var time = new FakeTimeProvider(Now);
        var options = new RiverClientOptions { TimeProvider = time, RetryPolicy = new DefaultRetryPolicy(() => 0.5) };
        if (intervalSeconds is { } seconds)
        {
            options.Maintenance.SchedulerInterval = TimeSpan.FromSeconds(seconds);
        }
        var completion = JobExecutor.ForClient(options, NullLogger.Instance).ToCompletion(Row(2, 25, 1), Failure());
        Assert.Equal((expected, Now.AddSeconds(16)), (completion.State, completion.ScheduledAt!.Value));
    }

    [Theory]
    [InlineData(null, JobState.Scheduled)]
    [InlineData(60, JobState.Available)]
    public void A_snooze_uses_the_configured_scheduler_interval_too(int? intervalSeconds, JobState expected)
    {
        var time = new FakeTimeProvider(Now);
        var options = new RiverClientOptions { TimeProvider = time };
        if (intervalSeconds is { } seconds)
        {
            options.Maintenance.SchedulerInterval = TimeSpan.FromSeconds(seconds);
        }
        var snooze = AttemptResult.Failed(new JobSnoozeException(TimeSpan.FromSeconds(45)), timedOut: false, nextRetry: null);
        var completion = JobExecutor.ForClient(options, NullLogger.Instance).ToCompletion(Row(1, 25, 0), snooze);
        Assert.Equal((expected, Now.AddSeconds(45)), (completion.State, completion.ScheduledAt!.Value));
    }

    private sealed class FixedPolicy(DateTimeOffset at) : IRetryPolicy
    {
        public DateTimeOffset NextRetry(JobRow job, DateTimeOffset now) => at;
    }
}
