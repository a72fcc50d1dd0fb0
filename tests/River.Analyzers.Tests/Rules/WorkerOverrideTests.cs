using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0044 (zero worker timeout) and RIVER0045 (negative snooze delay), on Worker&lt;T&gt; and BatchWorker&lt;T&gt; / JobBatch&lt;T&gt;; RIVER0021 on a batch worker (its Worker&lt;T&gt; cases are in WorkerTests).</summary>
public sealed class WorkerOverrideTests
{
    [Theory]
    [InlineData("TimeSpan.Zero")]
    [InlineData("TimeSpan.FromSeconds(0)")]
    [InlineData("new TimeSpan(0)")]
    [InlineData("-TimeSpan.Zero")]
    public async Task ZeroTimeout_IsReported(string value)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout => [|{{value}}|];
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0044");

    [Theory]
    [InlineData("TimeSpan.FromMilliseconds(1)")]
    [InlineData("null")]
    [InlineData("System.Threading.Timeout.InfiniteTimeSpan")]
    public async Task PositiveDefaultOrInfiniteTimeout_IsNotReported(string value)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout => {{value}};
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);

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

    [Theory]
    [InlineData("throw Snooze([|TimeSpan.FromSeconds(-5)|]);")]
    [InlineData("throw Snooze([|-TimeSpan.FromMinutes(1)|]);")]
    [InlineData("throw new JobSnoozeException([|TimeSpan.FromSeconds(-1)|]);")]
    [InlineData("throw Snooze([|System.Threading.Timeout.InfiniteTimeSpan|]);")]
    public async Task NegativeSnooze_IsReported(string statement)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken)
                {
                    {{statement}}
                }
            }
            """, "RIVER0045");

    [Theory]
    [InlineData("throw Snooze(TimeSpan.Zero);")]
    [InlineData("throw Snooze(TimeSpan.FromSeconds(30));")]
    [InlineData("throw new JobSnoozeException(TimeSpan.FromSeconds(job.Attempt - 10));")]
    public async Task ZeroPositiveOrComputedSnooze_IsNotReported(string statement)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken)
                {
                    {{statement}}
                }
            }
            """);

    [Fact]
    public async Task SnoozeOfAnotherType_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Alarm
            {
                public static Exception Snooze(TimeSpan delay) => new InvalidOperationException(delay.ToString());
                public static void Ring() => throw Snooze(TimeSpan.FromSeconds(-5));
            }
            """);

    [Theory]
    [InlineData("TimeSpan.Zero", "RIVER0044")]
    [InlineData("TimeSpan.FromSeconds(0)", "RIVER0044")]
    [InlineData("TimeSpan.FromSeconds(-30)", "RIVER0021")]
    [InlineData("-TimeSpan.FromMinutes(1)", "RIVER0021")]
    public async Task ZeroOrNegativeBatchTimeout_IsReported(string value, string id)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class ABatchWorker : BatchWorker<A>
            {
                public override TimeSpan? Timeout => [|{{value}}|];
                public override Task WorkAsync(JobBatch<A> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, id);

    [Theory]
    [InlineData("TimeSpan.FromMinutes(5)")]
    [InlineData("null")]
    [InlineData("System.Threading.Timeout.InfiniteTimeSpan")]
    public async Task PositiveDefaultOrInfiniteBatchTimeout_IsNotReported(string value)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class ABatchWorker : BatchWorker<A>
            {
                public override TimeSpan? Timeout => {{value}};
                public override Task WorkAsync(JobBatch<A> batch, CancellationToken cancellationToken) => Task.CompletedTask;
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

    [Theory]
    [InlineData("batch.Snooze(job, [|TimeSpan.FromSeconds(-5)|]);")]
    [InlineData("batch.Snooze(job, [|-TimeSpan.FromMinutes(1)|]);")]
    [InlineData("batch.Snooze(delay: [|System.Threading.Timeout.InfiniteTimeSpan|], job: job);")]
    public async Task NegativeBatchSnooze_IsReported(string statement)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class ABatchWorker : BatchWorker<A>
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
            """, "RIVER0045");

    [Theory]
    [InlineData("batch.Snooze(job, TimeSpan.Zero);")]
    [InlineData("batch.Snooze(job, TimeSpan.FromSeconds(30));")]
    [InlineData("batch.Snooze(job, TimeSpan.FromSeconds(job.Attempt - 10));")]
    public async Task ZeroPositiveOrComputedBatchSnooze_IsNotReported(string statement)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class ABatchWorker : BatchWorker<A>
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
            """);

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
