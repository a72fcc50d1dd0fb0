using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using System.Collections.Immutable;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>
/// Microsoft's analyzer verifier over a River.Typed user's project: River.Generators runs first, then every River
/// analyzer (<see cref="TestCompilation.Analyzers"/>); every analyzer diagnostic and every compiler error must be
/// expected, at its exact span.
/// </summary>
internal sealed class RiverAnalyzerTest : AnalyzerTest<DefaultVerifier>
{
    private readonly ImmutableHashSet<string> _allowedCompilerErrors;
    private CompilationWithAnalyzers? _first;

    public RiverAnalyzerTest(IEnumerable<MetadataReference>? extraReferences = null, IEnumerable<string>? allowedCompilerErrors = null)
    {
        RiverTestProject.Configure(this, extraReferences);
        _allowedCompilerErrors = [.. allowedCompilerErrors ?? []];
    }

    public override string Language => LanguageNames.CSharp;

    protected override string DefaultFileExt => "cs";

    protected override CompilationOptions CreateCompilationOptions() => RiverTestProject.CompilationOptions();

    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => TestCompilation.Analyzers;

    protected override IEnumerable<Type> GetSourceGenerators() => RiverTestProject.SourceGenerators;

    /// <summary>Compiler errors the test allows (its source does not compile on purpose) are left out.</summary>
    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
        => RiverTestProject.WithoutAllowed(base.FilterDiagnostics(diagnostics), _allowedCompilerErrors);

    protected override CompilationWithAnalyzers CreateCompilationWithAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken cancellationToken)
        => _first ??= base.CreateCompilationWithAnalyzers(compilation, analyzers, options, cancellationToken);

    /// <summary>
    /// The River diagnostics of the verified run (the first analysis: the test's own sources), in source order, for
    /// tests that go on to check messages or properties.
    /// </summary>
    public async Task<IReadOnlyList<Diagnostic>> RiverDiagnosticsAsync()
    {
        var analysis = _first ?? throw new InvalidOperationException("RunAsync has not analyzed anything yet.");
        var diagnostics = await analysis.GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("RIVER", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }
}
