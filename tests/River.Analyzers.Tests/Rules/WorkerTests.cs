using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

public sealed class WorkerTests
{
    [Fact]
    public async Task WorkerOfATypeWithoutJobArgs_IsReportedOnTheBaseType()
        => await AnalyzerVerifier.VerifyAsync("""
            public sealed record NotArgs(string To);
            public sealed class NotArgsWorker : [|Worker<NotArgs>|]
            {
                public override Task WorkAsync(Job<NotArgs> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0018");

    [Fact]
    public async Task WorkerThroughAnAbstractBase_IsReportedOnTheClassName()
        => await AnalyzerVerifier.VerifyAsync("""
            public sealed record NotArgs(string To);
            public abstract class LoggingWorker<T> : Worker<T> where T : notnull { }
            public sealed class [|NotArgsWorker|] : LoggingWorker<NotArgs>
            {
                public override Task WorkAsync(Job<NotArgs> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0018");

    [Fact]
    public async Task TwoWorkersForOneArgsType_AreBothReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class [|FirstWorker|] : Worker<A>
            {
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            public sealed class [|SecondWorker|] : Worker<A>
            {
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            public abstract class {|RIVER0032:NotCounted|} : Worker<A> { }
            """, "RIVER0019");

    [Fact]
    public async Task ArgsWithoutWorker_InAProjectWithWorkers_IsAnInfo()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            [JobArgs("job.b")]
            public sealed record [|B|](string To);
            public sealed class AWorker : Worker<A>
            {
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0020");
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, diagnostics[0].Severity);
    }

    [Fact]
    public async Task ArgsWithoutWorker_InALibraryWithoutWorkers_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            """);

    [Theory]
    [InlineData("TimeSpan.FromSeconds(-5)")]
    [InlineData("TimeSpan.FromMilliseconds(-2)")]
    [InlineData("-TimeSpan.FromMinutes(1)")]
    [InlineData("new TimeSpan(0, 0, -30)")]
    [InlineData("TimeSpan.MinValue")]
    public async Task NegativeTimeoutConstant_IsReportedOnTheValue(string value)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout => [|{{value}}|];
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0021");

    [Fact]
    public async Task NegativeTimeout_InAGetterBody_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout { get { return [|TimeSpan.FromSeconds(-1)|]; } }
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0021");

    [Theory]
    [InlineData("System.Threading.Timeout.InfiniteTimeSpan")]
    [InlineData("TimeSpan.FromSeconds(30)")]
    [InlineData("null")]
    [InlineData("TimeSpan.FromSeconds(DateTime.Now.Second - 100)")]
    public async Task ValidOrComputedTimeout_IsNotReported(string value)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("job.a")]
            public sealed record A(string To);
            public sealed class AWorker : Worker<A>
            {
                public override TimeSpan? Timeout => {{value}};
                public override Task WorkAsync(Job<A> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            public sealed class NotAWorker
            {
                public TimeSpan Timeout => TimeSpan.FromSeconds(-1);
            }
            """);
}
