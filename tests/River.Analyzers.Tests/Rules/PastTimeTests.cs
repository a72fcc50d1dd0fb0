using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0064: a time that has always passed as InsertOptions.ScheduledAt or as NextRetry's result.</summary>
public sealed class PastTimeTests
{
    [Theory]
    [InlineData("DateTimeOffset.MinValue")]
    [InlineData("DateTimeOffset.UnixEpoch")]
    [InlineData("default(DateTimeOffset)")]
    [InlineData("new DateTimeOffset()")]
    [InlineData("DateTime.MinValue")]
    [InlineData("System.DateTimeOffset.MinValue")]
    public async Task PastScheduledAt_IsReported(string value)
        => await AnalyzerVerifier.VerifyAsync($$"""
            public static class Calls
            {
                public static InsertOptions A() => new() { ScheduledAt = [|{{value}}|], Queue = "mail" };
            }
            """, "RIVER0064");

    [Theory]
    [InlineData("null")]
    [InlineData("DateTimeOffset.UtcNow")]
    [InlineData("DateTimeOffset.UtcNow.AddMinutes(5)")]
    [InlineData("new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)")] // depends on the build's day: not reported
    [InlineData("DateTimeOffset.MaxValue")]
    public async Task OtherScheduledAt_IsNotReported(string value)
        => await AnalyzerVerifier.VerifyAsync($$"""
            public static class Calls
            {
                public static InsertOptions A() => new() { ScheduledAt = {{value}} };
            }
            """);

    [Fact]
    public async Task PastNextRetry_IsReported_InBlockAndExpressionBodies()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override DateTimeOffset? NextRetry(Job<A> job) => [|DateTimeOffset.MinValue|];
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            [JobArgs("job.b")]
            public sealed record B(string To);
            public abstract class BWorker : Worker<B>
            {
                public override DateTimeOffset? NextRetry(Job<B> job)
                {
                    if (job.Attempt > 3)
                    {
                        return null;
                    }
                    return [|default(DateTimeOffset)|];
                }
                public override Task WorkAsync(Job<B> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            public sealed class DerivedBWorker : BWorker
            {
                public override DateTimeOffset? NextRetry(Job<B> job) => [|DateTimeOffset.UnixEpoch|];
            }
            """, "RIVER0064");

    [Fact]
    public async Task OtherNextRetry_AndOtherMethods_AreNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override DateTimeOffset? NextRetry(Job<A> job)
                {
                    Func<DateTimeOffset> fallback = () => DateTimeOffset.MinValue; // a lambda's own return
                    return job.Attempt > 3 ? null : DateTimeOffset.UtcNow.AddSeconds(job.Attempt * 10);
                }
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
                public static DateTimeOffset Earliest() => DateTimeOffset.MinValue; // not NextRetry
            }
            public sealed class Policy
            {
                public DateTimeOffset? NextRetry(int attempt) => DateTimeOffset.MinValue; // not a worker
            }
            """);
}
