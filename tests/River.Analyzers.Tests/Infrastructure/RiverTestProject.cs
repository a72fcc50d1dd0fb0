using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using River.Generators;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>
/// The test project that <see cref="RiverAnalyzerTest"/> and <see cref="RiverCodeFixTest"/> hand to Microsoft's
/// verifiers: the same sources, references and options as <see cref="TestCompilation"/> (a River.Typed user's
/// project: generator first, then the analyzers).
/// </summary>
/// <remarks>
/// References: the verifiers' <c>ReferenceAssemblies.Net.*</c> download a Microsoft.NETCore.App.Ref package at test
/// time (with NuGet's client, from the machine's NuGet.Config sources, into <c>$TMPDIR/test-packages</c>), outside
/// restore. That works where the feed serves the exact version (<c>Net80</c> wants 8.0.0, served), but
/// <c>Net100</c> wants 10.0.1, which the feed does not serve (a <c>KeyNotFoundException</c> on
/// 'Microsoft.NETCore.App.Ref.10.0.1'), and River.Runtime targets net10.0, which net8.0 reference assemblies cannot
/// compile against. So the project names no package (<see cref="NoPackages"/>) and gets
/// <see cref="TestCompilation.References"/>: nothing is downloaded while the tests run.
/// </remarks>
internal static class RiverTestProject
{
    /// <summary>The path of the <paramref name="index"/>th test source, as <see cref="TestCompilation.Create"/> names it.</summary>
    public static string SourcePath(int index) => $"/src/Source{index}.cs";

    public const string GlobalUsingsPath = "/src/GlobalUsings.cs";

    /// <summary>A target framework without a reference-assembly package: resolving it downloads nothing.</summary>
    public static ReferenceAssemblies NoPackages { get; } = new("net10.0");

    public static CompilationOptions CompilationOptions()
        => new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static IEnumerable<Type> SourceGenerators { get; } = [typeof(RiverGenerator)];

    /// <summary>Every id the River analyzers report, with its descriptor (for the expected severity).</summary>
    public static ImmutableDictionary<string, DiagnosticDescriptor> Descriptors { get; } = TestCompilation.Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>
    /// References, no downloads, the generator's output not compared (the generator tests compare it against the
    /// golden files), and no '#pragma warning disable' pass: River's error diagnostics cannot be suppressed that way
    /// (the compiler never suppresses an error), so that pass would fail on every error a test expects.
    /// </summary>
    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test, IEnumerable<MetadataReference>? extraReferences)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoPackages;
        var references = TestCompilation.References.AddRange(extraReferences ?? []);
        test.SolutionTransforms.Add((solution, projectId) => solution.AddMetadataReferences(projectId, references));
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck | TestBehaviors.SkipSuppressionCheck;
        // Code fixes read the line ending from .editorconfig, as in an IDE (the workspace default is CRLF).
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\nend_of_line = lf\n"));
    }

    /// <summary>The diagnostics less the compiler errors a test allows (its source does not compile on purpose).</summary>
    public static ImmutableArray<(Project Project, Diagnostic Diagnostic)> WithoutAllowed(
        ImmutableArray<(Project Project, Diagnostic Diagnostic)> diagnostics, ImmutableHashSet<string> allowedCompilerErrors)
        => diagnostics.RemoveAll(d => !d.Diagnostic.Id.StartsWith("RIVER", StringComparison.Ordinal) && allowedCompilerErrors.Contains(d.Diagnostic.Id));

    /// <summary>Adds the sources as Source0.cs, Source1.cs, ... and the global usings; the text is taken as is (no markup).</summary>
    public static void AddSources(SolutionState state, IReadOnlyList<string> sources)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            state.Sources.Add((SourcePath(i), SourceText.From(sources[i])));
        }
        state.Sources.Add((GlobalUsingsPath, SourceText.From(TestCompilation.GlobalUsings)));
        state.MarkupHandling = MarkupMode.None;
    }

    /// <summary>
    /// The verifiers' form of an expected diagnostic: id, exact span in <paramref name="path"/>, and the descriptor's
    /// severity. Only the primary location is compared (the helpers never compared additional locations), and not the
    /// message (tests that check it read the diagnostics back).
    /// </summary>
    public static DiagnosticResult Expected(string id, TextSpan span, SourceText text, string path)
    {
        var lines = text.Lines.GetLinePositionSpan(span);
        var result = Descriptors.TryGetValue(id, out var descriptor)
            ? new DiagnosticResult(id, descriptor.DefaultSeverity).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            : new DiagnosticResult(id, DiagnosticSeverity.Error).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations | DiagnosticOptions.IgnoreSeverity);
        return result.WithSpan(new FileLinePositionSpan(path, lines));
    }

    /// <summary>The same for a diagnostic already found: at its location, or with no location.</summary>
    public static DiagnosticResult Expected(Diagnostic diagnostic)
        => diagnostic.Location.SourceTree is { } tree
            ? Expected(diagnostic.Id, diagnostic.Location.SourceSpan, tree.GetText(), tree.FilePath)
            : new DiagnosticResult(diagnostic.Id, diagnostic.Severity).WithNoLocation();
}
