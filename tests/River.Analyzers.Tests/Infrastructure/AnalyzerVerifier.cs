using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>
/// Compiles marked-up source (plus optional extra sources), runs the generator and every River analyzer, and
/// asserts that the River diagnostics in the marked source are exactly the marked ones (id and span), that
/// none appear in the extra sources, and that the compiler reports no error unless the test allows it.
/// </summary>
internal static class AnalyzerVerifier
{
    public static async Task<IReadOnlyList<Diagnostic>> VerifyAsync(string markup, string? defaultId = null,
        string[]? extraSources = null, IEnumerable<MetadataReference>? references = null, string[]? allowedCompilerErrors = null)
    {
        var parsed = Markup.Parse(markup, defaultId);
        var compilation = TestCompilation.RunGenerator(TestCompilation.Create([parsed.Source, .. extraSources ?? []], references));
        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);

        var compilerErrors = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("RIVER", StringComparison.Ordinal) && !(allowedCompilerErrors ?? []).Contains(d.Id))
            .ToList();
        Assert.True(compilerErrors.Count == 0, "The test source does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, compilerErrors));

        var mainTree = compilation.SyntaxTrees.First();
        // In source order: concurrent analysis reports in any order.
        var river = diagnostics.Where(d => d.Id.StartsWith("RIVER", StringComparison.Ordinal))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var outside = river.Where(d => d.Location.SourceTree != mainTree).ToList();
        Assert.True(outside.Count == 0, "Unexpected diagnostics outside the marked source:" + Environment.NewLine + string.Join(Environment.NewLine, outside));

        var actual = river.Select(d => new ExpectedDiagnostic(d.Id, d.Location.SourceSpan)).OrderBy(d => d.Span.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        var expected = parsed.Expected.OrderBy(d => d.Span.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        if (!actual.SequenceEqual(expected))
        {
            var text = SourceText.From(parsed.Source);
            var message = new StringBuilder("Diagnostics differ.").AppendLine().AppendLine("Expected:");
            foreach (var e in expected)
            {
                message.AppendLine(Describe(text, e.Id, e.Span, null));
            }
            message.AppendLine("Actual:");
            foreach (var d in river)
            {
                message.AppendLine(Describe(text, d.Id, d.Location.SourceSpan, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
            }
            Assert.Fail(message.ToString());
        }
        return river;
    }

    private static string Describe(SourceText text, string id, TextSpan span, string? message)
    {
        var line = text.Lines.GetLinePosition(span.Start);
        return $"  {id} ({line.Line + 1},{line.Character + 1}) [|{text.ToString(span)}|]{(message is null ? "" : " " + message)}";
    }
}
