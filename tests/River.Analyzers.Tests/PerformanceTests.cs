using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace River.Analyzers.Tests;

/// <summary>
/// A loose guard against allocation storms or quadratic rules: 1,000 args types and 1,000 workers (2,000 types,
/// with call sites; plus 100 periodic args types and their workers) must analyze in seconds. The bound is generous on purpose (shared 2-core machines); the
/// measured figures are printed for the report, and timing targets belong in benchmarks. It runs alone (its own
/// collection, no parallel classes) and compares process CPU time, which a loaded machine distorts far less than
/// wall time: the analyzers may cost at most twice what the compiler itself costs on the same sources.
/// </summary>
[Collection(nameof(PerformanceTests))]
public sealed class PerformanceTests(ITestOutputHelper output)
{
    private const int ArgsTypes = 1_000;

    [Fact]
    public async Task TwoThousandTypeCompilation_AnalyzesInSeconds()
    {
        // Warm up (JIT of the compiler and the analyzers) on a small compilation so the figures compare.
        await TestCompilation.AnalyzeAsync(TestCompilation.Create(Sources().Take(1)));

        var process = Process.GetCurrentProcess();
        var compilation = TestCompilation.Create(Sources());
        var compileWatch = Stopwatch.StartNew();
        var cpuBefore = process.TotalProcessorTime;
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        process.Refresh();
        var compileCpu = process.TotalProcessorTime - cpuBefore;
        compileWatch.Stop();
        Assert.Empty(compilerErrors);

        var fresh = TestCompilation.Create(Sources());
        var withAnalyzers = fresh.WithAnalyzers(TestCompilation.Analyzers,
            new CompilationWithAnalyzersOptions(TestCompilation.AnalyzerOptions(), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
        var watch = Stopwatch.StartNew();
        cpuBefore = process.TotalProcessorTime;
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        process.Refresh();
        var analysisCpu = process.TotalProcessorTime - cpuBefore - compileCpu; // the run compiles again, then analyzes
        watch.Stop();

        var analyzerTime = TimeSpan.Zero;
        foreach (var analyzer in TestCompilation.Analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            output.WriteLine($"{analyzer.GetType().Name}: {telemetry.ExecutionTime.TotalMilliseconds:F0} ms");
            analyzerTime += telemetry.ExecutionTime;
        }
        output.WriteLine($"wall: compiler alone {compileWatch.Elapsed.TotalMilliseconds:F0} ms, compiler + analyzers {watch.Elapsed.TotalMilliseconds:F0} ms, analyzer callbacks {analyzerTime.TotalMilliseconds:F0} ms");
        output.WriteLine($"cpu: compiler alone {compileCpu.TotalMilliseconds:F0} ms, analyzers {analysisCpu.TotalMilliseconds:F0} ms");

        // Every 10th args type has a priority of 7 and every 100th an insert call with MaxAttempts 0: the rules ran.
        Assert.Equal(ArgsTypes / 10, diagnostics.Count(d => d.Id == "RIVER0004"));
        Assert.Equal(ArgsTypes / 100, diagnostics.Count(d => d.Id == "RIVER0005"));
        Assert.Equal(ArgsTypes / 100, diagnostics.Count(d => d.Id == "RIVER0024")); // and every 100th periodic interval is too short
        Assert.Equal(diagnostics.Length, diagnostics.Count(d => d.Id is "RIVER0004" or "RIVER0005" or "RIVER0024"));
        Assert.True(analysisCpu < 2 * compileCpu + TimeSpan.FromSeconds(5),
            $"The analyzers took {analysisCpu.TotalSeconds:F1} s of CPU for {compileCpu.TotalSeconds:F1} s of compilation.");
    }

    private static IEnumerable<string> Sources()
    {
        for (var file = 0; file < ArgsTypes / 100; file++)
        {
            var source = new StringBuilder("namespace Perf;\n");
            for (var i = file * 100; i < (file + 1) * 100; i++)
            {
                var priority = i % 10 == 0 ? 7 : 2;
                source.Append($$"""
                    public enum Level{{i}} { Low, High }
                    public sealed record Nested{{i}}(string Name, List<int> Values, Dictionary<string, Guid> ById);
                    [JobArgs("perf.job_{{i}}", Queue = "queue_{{i % 7}}", Priority = {{priority}}, MaxAttempts = 10, Tags = ["perf", "tag_{{i}}"])]
                    [UniqueJob(ByArgs = true, ByPeriodSeconds = 60, ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled])]
                    public sealed record Job{{i}}(string To, int Count, DateTimeOffset At, Level{{i}} Level, Nested{{i}}? Nested, [property: UniqueKey] long AccountId);
                    public sealed class Worker{{i}} : Worker<Job{{i}}>
                    {
                        public override TimeSpan? Timeout => TimeSpan.FromSeconds({{i % 60 + 1}});
                        public override Task WorkAsync(Job<Job{{i}}> job, CancellationToken cancellationToken)
                        {
                            var opts = new InsertOptions { Priority = 3, MaxAttempts = {{(i % 100 == 0 ? 0 : 5)}}, Queue = "mail", Tags = ["retry"] };
                            return Task.CompletedTask;
                        }
                    }

                    """);
                if (i % 10 == 5)
                {
                    var schedule = i % 100 == 5 ? "@every 500ms" : "*/5 * * * *";
                    // Periodic args (schedule, time zone, id and construction checks) and their workers: 200 more types.
                    source.Append($$"""
                        [JobArgs("perf.tick_{{i}}")]
                        [PeriodicJob("{{schedule}}", TimeZone = "Europe/Berlin", Id = "perf.tick_{{i}}.schedule")]
                        public sealed record Tick{{i}}(int Count = 0);
                        public sealed class TickWorker{{i}} : Worker<Tick{{i}}>
                        {
                            public override Task WorkAsync(Job<Tick{{i}}> job, CancellationToken cancellationToken) => Task.CompletedTask;
                        }

                        """);
                }
            }
            yield return source.ToString();
        }
    }
}

/// <summary>Runs <see cref="PerformanceTests"/> alone, so its CPU measurement is its own.</summary>
[CollectionDefinition(nameof(PerformanceTests), DisableParallelization = true)]
public sealed class PerformanceTestsCollection;
