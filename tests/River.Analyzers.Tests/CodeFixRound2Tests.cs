using River.Analyzers.CodeFixes.Fixes;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests;

/// <summary>Before/after (and Fix All) of the code fixes of issue 22's second round: RIVER0005, RIVER0021/RIVER0044, RIVER0050.</summary>
public sealed class CodeFixRound2Tests
{
    [Theory]
    [InlineData("40000", "32767")]
    [InlineData("-3", "1")]
    public async Task ClampMaxAttempts_OnJobArgs(string maxAttempts, string clamped)
        => await CodeFixVerifier.VerifyAsync(new ClampMaxAttemptsCodeFix(), "RIVER0005",
            [$$"""
            [JobArgs("email.send", MaxAttempts = {{maxAttempts}})]
            public sealed record SendEmail(string To);
            """],
            [$$"""
            [JobArgs("email.send", MaxAttempts = {{clamped}})]
            public sealed record SendEmail(string To);
            """], $"Use max attempts {clamped}");

    [Fact]
    public async Task ClampMaxAttempts_AtTheCallSite()
        => await CodeFixVerifier.VerifyAsync(new ClampMaxAttemptsCodeFix(), "RIVER0005",
            ["""
            public static class Calls
            {
                public static InsertOptions Options() => new InsertOptions { MaxAttempts = 0, Queue = "mail" };
            }
            """],
            ["""
            public static class Calls
            {
                public static InsertOptions Options() => new InsertOptions { MaxAttempts = 1, Queue = "mail" };
            }
            """]);

    [Fact]
    public async Task ClampMaxAttempts_FixAll()
        => await CodeFixVerifier.VerifyFixAllAsync(new ClampMaxAttemptsCodeFix(), "RIVER0005",
            """
            public static class Calls
            {
                public static InsertOptions Low() => new InsertOptions { MaxAttempts = -1 };
                public static InsertOptions High() => new InsertOptions { MaxAttempts = 99999 };
            }
            """,
            """
            public static class Calls
            {
                public static InsertOptions Low() => new InsertOptions { MaxAttempts = 1 };
                public static InsertOptions High() => new InsertOptions { MaxAttempts = 32767 };
            }
            """);

    /// <summary>One Fix All key per fix type: diagnostics clamped to different values (1 and 4) are fixed together.</summary>
    [Fact]
    public async Task ClampPriority_FixAll_fixes_both_ends_at_once()
        => await CodeFixVerifier.VerifyFixAllAsync(new ClampPriorityCodeFix(), "RIVER0004",
            """
            public static class Calls
            {
                public static InsertOptions Low() => new InsertOptions { Priority = 0 };
                public static InsertOptions High() => new InsertOptions { Priority = 9 };
            }
            """,
            """
            public static class Calls
            {
                public static InsertOptions Low() => new InsertOptions { Priority = 1 };
                public static InsertOptions High() => new InsertOptions { Priority = 4 };
            }
            """);

    [Theory]
    [InlineData("RIVER0021", "TimeSpan.FromSeconds(-30)", DefaultTimeoutCodeFix.UseDefaultTitle, "null")]
    [InlineData("RIVER0044", "TimeSpan.Zero", DefaultTimeoutCodeFix.UseDefaultTitle, "null")]
    [InlineData("RIVER0044", "TimeSpan.Zero", DefaultTimeoutCodeFix.UseInfiniteTitle, "System.Threading.Timeout.InfiniteTimeSpan")]
    public async Task Timeout_BecomesTheDefaultOrNone(string id, string value, string title, string fixedValue)
        => await CodeFixVerifier.VerifyAsync(new DefaultTimeoutCodeFix(), id,
            [$$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout => {{value}};
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """],
            [$$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout => {{fixedValue}};
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """], title, actionKey: title);

    [Fact]
    public async Task Timeout_FixAll()
        => await CodeFixVerifier.VerifyFixAllAsync(new DefaultTimeoutCodeFix(), "RIVER0044",
            """
            [JobArgs("job.a")]
            public sealed record A(string To);
            [JobArgs("job.b")]
            public sealed record B(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout => TimeSpan.Zero;
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            public sealed class BWorker : Worker<B>
            {
                public override TimeSpan? Timeout => TimeSpan.FromSeconds(0);
                public override Task WorkAsync(Job<B> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            """
            [JobArgs("job.a")]
            public sealed record A(string To);
            [JobArgs("job.b")]
            public sealed record B(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout => null;
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            public sealed class BWorker : Worker<B>
            {
                public override TimeSpan? Timeout => null;
                public override Task WorkAsync(Job<B> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);

    [Fact]
    public async Task ZeroMaxAttempts_IsRemoved()
        => await CodeFixVerifier.VerifyAsync(new RemoveAttributeArgumentCodeFix(), "RIVER0050",
            ["""
            [JobArgs("email.send", Queue = "mail", MaxAttempts = 0, Priority = 2)]
            public sealed record SendEmail(string To);
            """],
            ["""
            [JobArgs("email.send", Queue = "mail", Priority = 2)]
            public sealed record SendEmail(string To);
            """], "Remove MaxAttempts = 0 (use the client's default)");

    [Fact]
    public async Task ZeroMaxAttempts_FixAll()
        => await CodeFixVerifier.VerifyFixAllAsync(new RemoveAttributeArgumentCodeFix(), "RIVER0050",
            """
            [JobArgs("email.send", MaxAttempts = 0)]
            public sealed record SendEmail(string To);
            [JobArgs("email.digest", Queue = "mail", MaxAttempts = 0)]
            public sealed record SendDigest(string To);
            """,
            """
            [JobArgs("email.send")]
            public sealed record SendEmail(string To);
            [JobArgs("email.digest", Queue = "mail")]
            public sealed record SendDigest(string To);
            """);
}
