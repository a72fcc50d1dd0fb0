using Microsoft.CodeAnalysis;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0060–RIVER0063, each with a twin that stays silent; the generator registers batch workers like single ones.</summary>
public sealed class BatchWorkerTests
{
    private const string Args = """
        [JobArgs("mail.bulk")]
        public sealed record Mail(string To);
        """;

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1001")]
    public async Task BatchSizeOutOfRange_IsReportedOnTheValue(string size)
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            [BatchSize([|{{size}}|])]
            public sealed class MailWorker : BatchWorker<Mail>
            {
                public override Task WorkAsync(JobBatch<Mail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0060");

    [Theory]
    [InlineData("[BatchSize(1)]")]
    [InlineData("[BatchSize(1000, CollectionWindowMilliseconds = 60000)]")]
    [InlineData("[BatchSize(100, CollectionWindowMilliseconds = 0)]")]
    [InlineData("")]
    public async Task BatchSettingsInRange_AreSilent(string attribute)
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            {{attribute}}
            public sealed class MailWorker : BatchWorker<Mail>
            {
                public override Task WorkAsync(JobBatch<Mail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);

    [Theory]
    [InlineData("-1")]
    [InlineData("60001")]
    public async Task CollectionWindowOutOfRange_IsReportedOnTheValue(string window)
        => await AnalyzerVerifier.VerifyAsync(Args + $$"""
            [BatchSize(10, CollectionWindowMilliseconds = [|{{window}}|])]
            public sealed class MailWorker : BatchWorker<Mail>
            {
                public override Task WorkAsync(JobBatch<Mail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0061");

    [Fact]
    public async Task AKindWithAWorkerAndABatchWorker_IsReportedOnBoth()
        => await AnalyzerVerifier.VerifyAsync(Args + """
            public sealed class [|MailWorker|] : Worker<Mail>
            {
                public override Task WorkAsync(Job<Mail> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            public sealed class [|MailBatchWorker|] : BatchWorker<Mail>
            {
                public override Task WorkAsync(JobBatch<Mail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0062");

    [Fact]
    public async Task TwoBatchWorkersForOneKind_AreTwoWorkers()
        => await AnalyzerVerifier.VerifyAsync(Args + """
            public sealed class [|FirstBatchWorker|] : BatchWorker<Mail>
            {
                public override Task WorkAsync(JobBatch<Mail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            public sealed class [|SecondBatchWorker|] : BatchWorker<Mail>
            {
                public override Task WorkAsync(JobBatch<Mail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0019");

    [Fact]
    public async Task BatchSizeOnASingleWorker_IsReportedOnTheAttribute()
        => await AnalyzerVerifier.VerifyAsync(Args + """
            [[|BatchSize(10)|]]
            public sealed class MailWorker : Worker<Mail>
            {
                public override Task WorkAsync(Job<Mail> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0063");

    [Fact]
    public async Task ABatchWorkerOfATypeWithoutJobArgs_IsReportedLikeAWorker()
        => await AnalyzerVerifier.VerifyAsync("""
            public sealed record NotArgs(string To);
            public sealed class NotArgsWorker : [|BatchWorker<NotArgs>|]
            {
                public override Task WorkAsync(JobBatch<NotArgs> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0018");

    [Fact]
    public async Task ABatchWorkerTheGeneratorCannotCreate_IsReportedLikeAWorker()
        => await AnalyzerVerifier.VerifyAsync(Args + """
            public sealed class [|MailWorker|] : BatchWorker<Mail>
            {
                public MailWorker() { }
                public MailWorker(TimeProvider clock) { }
                public override Task WorkAsync(JobBatch<Mail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0031");

    [Theory]
    [InlineData("[BatchSize(25, CollectionWindowMilliseconds = 40)]", ", static sp => new global::N.MailWorker(), new global::River.BatchWorkerOptions { MaxSize = 25, CollectionWindow = global::System.TimeSpan.FromMilliseconds(40) });")]
    [InlineData("", ", static sp => new global::N.MailWorker());")]
    public void TheGenerator_RegistersABatchWorkerWithItsSettings_AndTheOutputCompiles(string attribute, string expected)
    {
        var compilation = TestCompilation.Create([$$"""
            namespace N;
            {{Args}}
            {{attribute}}
            public sealed class MailWorker : BatchWorker<Mail>
            {
                public override Task WorkAsync(JobBatch<Mail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """]);
        var output = TestCompilation.RunGenerator(compilation);
        var generated = string.Concat(output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).Select(t => t.ToString()));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var registration = Assert.Single(generated.Split('\n'), line => line.Contains("builder.AddBatchWorker(", StringComparison.Ordinal));
        Assert.EndsWith(expected, registration.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("builder.AddWorker(", generated, StringComparison.Ordinal);
    }
}
