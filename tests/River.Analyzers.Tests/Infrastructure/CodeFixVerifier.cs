using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace River.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies a code fix through an <see cref="AdhocWorkspace"/> the way an IDE does: the River analyzers find the
/// diagnostic, the provider registers its action, the action's operations (with simplification and formatting)
/// produce the new solution. Asserts every document's new text and that the diagnostic is gone.
/// </summary>
internal static class CodeFixVerifier
{
    public static async Task VerifyAsync(CodeFixProvider provider, string diagnosticId, string[] sources, string[] expected, string? expectedTitle = null)
    {
        Assert.Equal(sources.Length, expected.Length);
        using var workspace = new AdhocWorkspace();
        var ids = AddProject(workspace, sources);
        var solution = workspace.CurrentSolution;
        var diagnostic = await SingleDiagnosticAsync(solution, diagnosticId);
        var target = solution.GetDocument(diagnostic.Location.SourceTree)!;

        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(target, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        // A fix that offers several actions is tested by the title of the one to apply.
        var only = actions.Count > 1 && expectedTitle is not null ? Assert.Single(actions, a => a.Title == expectedTitle) : Assert.Single(actions);
        if (expectedTitle is not null)
        {
            Assert.Equal(expectedTitle, only.Title);
        }
        var operations = await only.GetOperationsAsync(CancellationToken.None);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;

        for (var i = 0; i < ids.Count; i++)
        {
            var text = (await changed.GetDocument(ids[i])!.GetTextAsync()).ToString();
            Assert.Equal(Normalize(expected[i]), Normalize(text));
        }
        var after = await DiagnosticsAsync(changed);
        Assert.DoesNotContain(after, d => d.Id == diagnosticId);
        var errors = after.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("RIVER", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, "The fixed source does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
    }

    /// <summary>The diagnostic is reported and the provider offers no action for it (no mechanical fix exists).</summary>
    public static async Task VerifyNoFixAsync(CodeFixProvider provider, string diagnosticId, string source)
    {
        using var workspace = new AdhocWorkspace();
        AddProject(workspace, [source]);
        var solution = workspace.CurrentSolution;
        var diagnostic = await SingleDiagnosticAsync(solution, diagnosticId);
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic,
            (action, _) => actions.Add(action), CancellationToken.None));
        Assert.Empty(actions);
    }

    /// <summary>
    /// Fix All in the document, as the IDE's "Fix all occurrences in document" does: the provider's
    /// <see cref="FixAllProvider"/> over every diagnostic of the id, with the equivalence key of the first one's action.
    /// </summary>
    public static async Task VerifyFixAllAsync(CodeFixProvider provider, string diagnosticId, string source, string expected)
    {
        using var workspace = new AdhocWorkspace();
        var id = AddProject(workspace, [source])[0];
        var solution = workspace.CurrentSolution;
        var diagnostics = (await DiagnosticsAsync(solution)).Where(d => d.Id == diagnosticId).ToImmutableArray();
        Assert.True(diagnostics.Length > 1, "Fix All needs two or more diagnostics to prove anything.");
        var document = solution.GetDocument(id)!;

        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None));
        var fixAll = provider.GetFixAllProvider();
        Assert.NotNull(fixAll);
        var context = new FixAllContext(document, provider, FixAllScope.Document, actions[0].EquivalenceKey, [diagnosticId],
            new FixedDiagnostics(diagnostics), CancellationToken.None);
        var action = await fixAll.GetFixAsync(context);
        Assert.NotNull(action);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        Assert.Equal(Normalize(expected), Normalize((await changed.GetDocument(id)!.GetTextAsync()).ToString()));
        var after = await DiagnosticsAsync(changed);
        Assert.DoesNotContain(after, d => d.Id == diagnosticId);
    }

    /// <summary>The test project: the sources as Source0.cs, Source1.cs, ..., plus the global usings; returns the sources' ids.</summary>
    private static List<DocumentId> AddProject(AdhocWorkspace workspace, string[] sources)
    {
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "TestProject", "TestProject", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: TestCompilation.ParseOptions,
            metadataReferences: TestCompilation.References));
        var ids = new List<DocumentId>();
        for (var i = 0; i < sources.Length; i++)
        {
            ids.Add(workspace.AddDocument(project.Id, $"Source{i}.cs", Microsoft.CodeAnalysis.Text.SourceText.From(sources[i])).Id);
        }
        workspace.AddDocument(project.Id, "GlobalUsings.cs", Microsoft.CodeAnalysis.Text.SourceText.From(TestCompilation.GlobalUsings));
        return ids;
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>([]);
    }

    private static async Task<Diagnostic> SingleDiagnosticAsync(Solution solution, string id)
    {
        var diagnostics = await DiagnosticsAsync(solution);
        return Assert.Single(diagnostics, d => d.Id == id);
    }

    private static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Solution solution)
    {
        var compilation = await solution.Projects.Single().GetCompilationAsync();
        return await TestCompilation.AnalyzeAsync(compilation!);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
