using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0044 (zero worker timeout) and RIVER0045 (negative snooze delay), on Worker&lt;T&gt; and BatchWorker&lt;T&gt; / JobBatch&lt;T&gt;; RIVER0021 on a batch worker (its Worker&lt;T&gt; cases are in WorkerTests).</summary>
public sealed class WorkerOverrideTests
{
    /// <summary>A worker (or, with <paramref name="batch"/>, a batch worker) whose Timeout returns <paramref name="value"/>.</summary>
    private static string WithTimeout(bool batch, string value) => $$"""
        [JobArgs("job.a")]
        public sealed record A(string To);
        public sealed class AWorker : {{(batch ? "BatchWorker<A>" : "Worker<A>")}}
        {
            public override TimeSpan? Timeout => {{value}};
            public override Task WorkAsync({{(batch ? "JobBatch<A> batch" : "Job<A> job")}}, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    [Theory]
    [InlineData("TimeSpan.Zero", false)]
    [InlineData("TimeSpan.FromSeconds(0)", false)]
    [InlineData("new TimeSpan(0)", false)]
    [InlineData("-TimeSpan.Zero", false)]
    [InlineData("TimeSpan.Zero", true)]
    [InlineData("TimeSpan.FromSeconds(0)", true)]
    public async Task ZeroTimeout_IsReported(string value, bool batch)
        => await AnalyzerVerifier.VerifyAsync(WithTimeout(batch, "[|" + value + "|]"), "RIVER0044");

    [Theory]
    [InlineData("TimeSpan.FromSeconds(-30)")]
    [InlineData("-TimeSpan.FromMinutes(1)")]
    public async Task NegativeBatchTimeout_IsReported(string value)
        => await AnalyzerVerifier.VerifyAsync(WithTimeout(batch: true, "[|" + value + "|]"), "RIVER0021");

    [Theory]
    [InlineData("TimeSpan.FromMilliseconds(1)", false)]
    [InlineData("null", false)]
    [InlineData("System.Threading.Timeout.InfiniteTimeSpan", false)]
    [InlineData("TimeSpan.FromMinutes(5)", true)]
    [InlineData("null", true)]
    [InlineData("System.Threading.Timeout.InfiniteTimeSpan", true)]
    public async Task PositiveDefaultOrInfiniteTimeout_IsNotReported(string value, bool batch)
        => await AnalyzerVerifier.VerifyAsync(WithTimeout(batch, value));

    [Fact]
    public async Task ZeroTimeSpan_InAnotherProperty_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public TimeSpan Pause => TimeSpan.Zero;
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);

    /// <summary>A worker whose WorkAsync runs <paramref name="statement"/> (it throws), or a batch worker running it for each job (<c>job</c>) of <c>batch</c>.</summary>
    private static string WithSnooze(bool batch, string statement) => batch
        ? $$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : BatchWorker<A>
            {
                public override Task WorkAsync(JobBatch<A> batch, CancellationToken cancellationToken)
                {
                    foreach (var job in batch)
                    {
                        {{statement}}
                    }
                    return Task.CompletedTask;
                }
            }
            """
        : $$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken)
                {
                    {{statement}}
                }
            }
            """;

    [Theory]
    [InlineData("throw Snooze([|TimeSpan.FromSeconds(-5)|]);", false)]
    [InlineData("throw Snooze([|-TimeSpan.FromMinutes(1)|]);", false)]
    [InlineData("throw new JobSnoozeException([|TimeSpan.FromSeconds(-1)|]);", false)]
    [InlineData("throw Snooze([|System.Threading.Timeout.InfiniteTimeSpan|]);", false)]
    [InlineData("batch.Snooze(job, [|TimeSpan.FromSeconds(-5)|]);", true)]
    [InlineData("batch.Snooze(job, [|-TimeSpan.FromMinutes(1)|]);", true)]
    [InlineData("batch.Snooze(delay: [|System.Threading.Timeout.InfiniteTimeSpan|], job: job);", true)]
    public async Task NegativeSnooze_IsReported(string statement, bool batch)
        => await AnalyzerVerifier.VerifyAsync(WithSnooze(batch, statement), "RIVER0045");

    [Theory]
    [InlineData("throw Snooze(TimeSpan.Zero);", false)]
    [InlineData("throw Snooze(TimeSpan.FromSeconds(30));", false)]
    [InlineData("throw new JobSnoozeException(TimeSpan.FromSeconds(job.Attempt - 10));", false)]
    [InlineData("batch.Snooze(job, TimeSpan.Zero);", true)]
    [InlineData("batch.Snooze(job, TimeSpan.FromSeconds(30));", true)]
    [InlineData("batch.Snooze(job, TimeSpan.FromSeconds(job.Attempt - 10));", true)]
    public async Task ZeroPositiveOrComputedSnooze_IsNotReported(string statement, bool batch)
        => await AnalyzerVerifier.VerifyAsync(WithSnooze(batch, statement));

    [Fact]
    public async Task SnoozeOfAnotherType_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Alarm
            {
                public static Exception Snooze(TimeSpan delay) => new InvalidOperationException(delay.ToString());
                public static void Ring() => throw Snooze(TimeSpan.FromSeconds(-5));
            }
            """);

    [Fact]
    public async Task BatchTimeout_WithABlockBody_ReportsEachConstantReturn()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class ABatchWorker : BatchWorker<A>
            {
                private readonly bool _slow = true;
                public override TimeSpan? Timeout
                {
                    get
                    {
                        if (_slow)
                        {
                            return TimeSpan.FromMinutes(10);
                        }
                        return [|TimeSpan.Zero|];
                    }
                }
                public override Task WorkAsync(JobBatch<A> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0044");

    [Fact]
    public async Task SnoozeOfAnotherInstanceType_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            public sealed class Alarm
            {
                public void Snooze(object job, TimeSpan delay) { }
                public void Ring() => Snooze(this, TimeSpan.FromSeconds(-5));
            }
            """);
}
