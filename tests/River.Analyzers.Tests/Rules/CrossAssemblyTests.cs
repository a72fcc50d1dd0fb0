using System.Globalization;
using Microsoft.CodeAnalysis;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>
/// RIVER0046 (a kind two referenced job libraries declare) and RIVER0047 (an args type worked both in a library and
/// here, or in two libraries). The libraries are compiled with the real generator, so they carry the generated
/// registry that AddRiverJobsFromThisAssembly() adds.
/// </summary>
public sealed class CrossAssemblyTests
{
    private const string HostWithoutJobs = "public static class Host { }";

    [Fact]
    public async Task KindDeclaredByTwoLibraries_IsReportedWithoutLocation()
    {
        var first = Library("FirstLibrary", """
            namespace First;
            [JobArgs("shared.kind")]
            public sealed record FirstArgs(string To);
            """);
        var second = Library("SecondLibrary", """
            namespace Second;
            [JobArgs("shared.kind")]
            public sealed record SecondArgs(string To);
            """);
        var diagnostic = Assert.Single(await RiverDiagnosticsOf(HostWithoutJobs, first, second));
        Assert.Equal("RIVER0046", diagnostic.Id);
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.Equal("Job kind \"shared.kind\" is declared by both First.FirstArgs (FirstLibrary) and Second.SecondArgs (SecondLibrary), so AddRiverJobsFromThisAssembly() throws at start-up",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DistinctKindsOfTwoLibraries_AreNotReported()
    {
        var first = Library("FirstLibrary", """
            namespace First;
            [JobArgs("first.kind")]
            public sealed record FirstArgs(string To);
            """);
        var second = Library("SecondLibrary", """
            namespace Second;
            [JobArgs("second.kind")]
            public sealed record SecondArgs(string To);
            """);
        Assert.Empty(await RiverDiagnosticsOf(HostWithoutJobs, first, second));
    }

    [Fact]
    public async Task KindDeclaredByTwoLibrariesAndHere_IsRiver0002Only()
    {
        var first = Library("FirstLibrary", """
            namespace First;
            [JobArgs("shared.kind")]
            public sealed record FirstArgs(string To);
            """);
        var second = Library("SecondLibrary", """
            namespace Second;
            [JobArgs("shared.kind")]
            public sealed record SecondArgs(string To);
            """);
        await AnalyzerVerifier.VerifyAsync("""
            [JobArgs({|RIVER0002:"shared.kind"|})]
            public sealed record Mine(string To);
            """, references: [first, second]);
    }

    [Fact]
    public async Task WorkerHereForAnArgsTypeALibraryWorks_IsReportedOnTheWorker()
    {
        var library = Library("JobLibrary", """
            namespace Lib;
            [JobArgs("lib.send")]
            public sealed record LibSend(string To);
            internal sealed class LibSendWorker : Worker<LibSend>
            {
                public override Task WorkAsync(Job<LibSend> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            public sealed class [|MySendWorker|] : Worker<Lib.LibSend>
            {
                public override Task WorkAsync(Job<Lib.LibSend> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, "RIVER0047", references: [library]);
        Assert.Equal("'LibSend' (kind \"lib.send\") is worked by both 'MySendWorker' and Lib.LibSendWorker (JobLibrary), so AddRiverJobsFromThisAssembly() throws at start-up: a kind has one worker",
            diagnostics[0].GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WorkerHereForAnArgsTypeOfALibraryWithoutWorker_IsNotReported()
    {
        var library = Library("JobLibrary", """
            namespace Lib;
            [JobArgs("lib.send")]
            public sealed record LibSend(string To);
            """);
        await AnalyzerVerifier.VerifyAsync("""
            public sealed class MySendWorker : Worker<Lib.LibSend>
            {
                public override Task WorkAsync(Job<Lib.LibSend> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, references: [library]);
    }

    [Fact]
    public async Task ArgsTypeWorkedByTwoLibraries_IsReportedWithoutLocation()
    {
        var first = Library("FirstLibrary", """
            namespace First;
            [JobArgs("first.send")]
            public sealed record FirstSend(string To);
            public sealed class FirstSendWorker : Worker<FirstSend>
            {
                public override Task WorkAsync(Job<FirstSend> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """);
        var second = Library("SecondLibrary", """
            namespace Second;
            public sealed class OtherSendWorker : Worker<First.FirstSend>
            {
                public override Task WorkAsync(Job<First.FirstSend> job, CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """, first);
        var diagnostic = Assert.Single(await RiverDiagnosticsOf(HostWithoutJobs, first, second));
        Assert.Equal("RIVER0047", diagnostic.Id);
        Assert.Equal(Location.None, diagnostic.Location);
    }

    /// <summary>The River diagnostics of a host compiled against <paramref name="references"/>, after the generator.</summary>
    private static async Task<List<Diagnostic>> RiverDiagnosticsOf(string source, params MetadataReference[] references)
    {
        var compilation = TestCompilation.RunGenerator(TestCompilation.Create([source], references));
        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("RIVER", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return diagnostics.Where(d => d.Id.StartsWith("RIVER", StringComparison.Ordinal)).ToList();
    }

    /// <summary>A job library as its own project builds it: generator (which adds <c>[assembly: RiverJobRegistry]</c>), then emit.</summary>
    internal static MetadataReference Library(string assemblyName, string source, params MetadataReference[] references)
    {
        var compilation = TestCompilation.RunGenerator(TestCompilation.Create([source], references, assemblyName));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
