using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>
/// Microsoft's code-fix verifier over a River.Typed user's project (as <see cref="RiverAnalyzerTest"/>) for one
/// provider and one diagnostic id: the other River ids are disabled, so the test states exactly the diagnostics of
/// its id before the fix (none after). The verifier applies the fix one diagnostic at a time and with Fix All in
/// document, project and solution, and checks every result compiles.
/// </summary>
internal sealed class RiverCodeFixTest : CodeFixTest<DefaultVerifier>
{
    private readonly CodeFixProvider _provider;
    private readonly ImmutableHashSet<string> _allowedCompilerErrors;

    public RiverCodeFixTest(CodeFixProvider provider, string diagnosticId, IEnumerable<string>? allowedCompilerErrors = null)
    {
        _provider = provider;
        _allowedCompilerErrors = [.. allowedCompilerErrors ?? []];
        RiverTestProject.Configure(this, null);
        DisabledDiagnostics.AddRange(RiverTestProject.Descriptors.Keys.Where(id => id != diagnosticId));
        // The catalog's diagnostics (missing worker, unregistered worker) are reported at compilation end, which
        // the verifier calls non-local; IDEs fix them all the same.
        CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
    }

    public override string Language => Microsoft.CodeAnalysis.LanguageNames.CSharp;

    protected override string DefaultFileExt => "cs";

    public override Type SyntaxKindType => typeof(Microsoft.CodeAnalysis.CSharp.SyntaxKind);

    protected override CompilationOptions CreateCompilationOptions() => RiverTestProject.CompilationOptions();

    protected override ParseOptions CreateParseOptions() => TestCompilation.ParseOptions;

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => TestCompilation.Analyzers;

    protected override IEnumerable<Type> GetSourceGenerators() => RiverTestProject.SourceGenerators;

    protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => [_provider];

    /// <summary>Compiler errors the test allows (before and after the fix) are left out.</summary>
    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
        => RiverTestProject.WithoutAllowed(base.FilterDiagnostics(diagnostics), _allowedCompilerErrors);
}
