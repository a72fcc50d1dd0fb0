using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>
/// Verifies marked-up source (plus optional extra sources) with <see cref="RiverAnalyzerTest"/>: the generator
/// runs, then every River analyzer; the diagnostics must be exactly the marked ones (id, exact span, severity),
/// none may appear in the extra sources, and the compiler may report no error unless the test allows it.
/// </summary>
internal static class AnalyzerVerifier
{
    public static async Task<IReadOnlyList<Diagnostic>> VerifyAsync(string markup, string? defaultId = null,
        string[]? extraSources = null, IEnumerable<MetadataReference>? references = null, string[]? allowedCompilerErrors = null)
    {
        var parsed = Markup.Parse(markup, defaultId);
        var test = new RiverAnalyzerTest(references, allowedCompilerErrors);
        RiverTestProject.AddSources(test.TestState, [parsed.Source, .. extraSources ?? []]);
        var text = SourceText.From(parsed.Source);
        test.ExpectedDiagnostics.AddRange(parsed.Expected.Select(e => RiverTestProject.Expected(e.Id, e.Span, text, RiverTestProject.SourcePath(0))));
        await test.RunAsync();
        return await test.RiverDiagnosticsAsync();
    }
}
