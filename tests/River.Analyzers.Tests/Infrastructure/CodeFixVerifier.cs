using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>
/// Code-fix tests on <see cref="RiverCodeFixTest"/>: before/after texts, Fix All, and "no fix offered". The
/// sources may mark the diagnostics of the id (<c>[|...|]</c>); unmarked sources must have exactly the diagnostics
/// the method says (one, or two and more for Fix All), found by <see cref="TestCompilation"/>, and the verifier then
/// holds the fix to those spans.
/// </summary>
internal static class CodeFixVerifier
{
    /// <summary>
    /// One fix: the provider's action (the one with <paramref name="actionKey"/> as equivalence key when it offers
    /// several; titled <paramref name="expectedTitle"/> when given) turns <paramref name="sources"/> into
    /// <paramref name="expected"/>, document by document, and the diagnostic is gone; the compiler reports no error
    /// before or after, but <paramref name="allowedCompilerErrors"/>.
    /// </summary>
    public static async Task VerifyAsync(CodeFixProvider provider, string diagnosticId, string[] sources, string[] expected, string? expectedTitle = null,
        string? actionKey = null, string[]? allowedCompilerErrors = null)
    {
        Assert.Equal(sources.Length, expected.Length);
        var test = await CreateAsync(provider, diagnosticId, sources, expectedCount: 1, allowedCompilerErrors);
        RiverTestProject.AddSources(test.FixedState, expected);
        test.CodeActionEquivalenceKey = actionKey;
        if (expectedTitle is not null)
        {
            test.CodeActionVerifier = (action, verifier) => verifier.Equal(expectedTitle, action.Title, "The applied code action's title");
        }
        await test.RunAsync();
    }

    /// <summary>The diagnostic is reported and the provider offers no action that changes the source.</summary>
    public static async Task VerifyNoFixAsync(CodeFixProvider provider, string diagnosticId, string source)
    {
        var test = await CreateAsync(provider, diagnosticId, [source], expectedCount: 1);
        RiverTestProject.AddSources(test.FixedState, [Markup.Parse(source, diagnosticId).Source]);
        foreach (var diagnostic in test.TestState.ExpectedDiagnostics)
        {
            test.FixedState.ExpectedDiagnostics.Add(diagnostic);
        }
        await test.RunAsync();
    }

    /// <summary>
    /// Fix All: two or more diagnostics of the id, one Fix All pass (in document, project and solution) gives
    /// <paramref name="expected"/>, and so does fixing them one at a time.
    /// </summary>
    public static async Task VerifyFixAllAsync(CodeFixProvider provider, string diagnosticId, string source, string expected)
    {
        var test = await CreateAsync(provider, diagnosticId, [source], expectedCount: null);
        Assert.True(test.TestState.ExpectedDiagnostics.Count > 1, "Fix All needs two or more diagnostics to prove anything.");
        RiverTestProject.AddSources(test.FixedState, [expected]);
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync();
    }

    private static async Task<RiverCodeFixTest> CreateAsync(CodeFixProvider provider, string diagnosticId, string[] sources, int? expectedCount,
        string[]? allowedCompilerErrors = null)
    {
        var test = new RiverCodeFixTest(provider, diagnosticId, allowedCompilerErrors);
        var parsed = sources.Select(s => Markup.Parse(s, diagnosticId)).ToList();
        RiverTestProject.AddSources(test.TestState, parsed.Select(p => p.Source).ToList());
        if (parsed.Any(p => p.Expected.Count > 0))
        {
            for (var i = 0; i < parsed.Count; i++)
            {
                var text = SourceText.From(parsed[i].Source);
                test.TestState.ExpectedDiagnostics.AddRange(parsed[i].Expected.Select(e => RiverTestProject.Expected(e.Id, e.Span, text, RiverTestProject.SourcePath(i))));
            }
        }
        else
        {
            var compilation = TestCompilation.RunGenerator(TestCompilation.Create(parsed.Select(p => p.Source)));
            var found = (await TestCompilation.AnalyzeAsync(compilation)).Where(d => d.Id == diagnosticId).ToList();
            if (expectedCount is { } count)
            {
                Assert.True(found.Count == count, $"Expected {count} {diagnosticId} in the unmarked source, found {found.Count}.");
            }
            test.TestState.ExpectedDiagnostics.AddRange(found.Select(RiverTestProject.Expected));
        }
        return test;
    }
}
