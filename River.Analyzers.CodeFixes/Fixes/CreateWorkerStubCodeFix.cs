using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0020: adds a worker class right after the args type, whose <c>WorkAsync</c> throws
/// <see cref="System.NotImplementedException"/> until it is written (so a forgotten stub fails loudly and is
/// retried, rather than completing jobs that did nothing).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CreateWorkerStubCodeFix))]
public sealed class CreateWorkerStubCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.JobArgsWithoutWorker);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }
        foreach (var diagnostic in context.Diagnostics)
        {
            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            if (token.Parent is not TypeDeclarationSyntax declaration
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol argsType)
            {
                continue;
            }
            var name = WorkerName(argsType, model, declaration.SpanStart);
            var document = context.Document;
            SyntaxFixes.Register(context, diagnostic, $"Create worker {name}", async ct =>
            {
                var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
                editor.InsertAfter(declaration, Stub(name, argsType, SyntaxFixes.NewLine(root)));
                return editor.GetChangedDocument();
            });
        }
    }

    private static string WorkerName(INamedTypeSymbol argsType, SemanticModel model, int position)
    {
        var baseName = (argsType.Name.EndsWith("Args", System.StringComparison.Ordinal) && argsType.Name.Length > 4
            ? argsType.Name.Substring(0, argsType.Name.Length - 4)
            : argsType.Name) + "Worker";
        var name = baseName;
        for (var i = 2; model.LookupSymbols(position, name: name).Length > 0; i++)
        {
            name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return name;
    }

    private static MemberDeclarationSyntax Stub(string name, INamedTypeSymbol argsType, string newLine)
    {
        var args = argsType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var accessibility = argsType.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
        var text = $$"""
            {{accessibility}} sealed class {{name}} : global::River.Worker<{{args}}>
            {
                public override global::System.Threading.Tasks.Task WorkAsync(global::River.Job<{{args}}> job, global::System.Threading.CancellationToken cancellationToken)
                {
                    throw new global::System.NotImplementedException();
                }
            }
            """;
        return SyntaxFactory.ParseMemberDeclaration(text.Replace("\r\n", "\n").Replace("\n", newLine))!
            .WithLeadingTrivia(SyntaxFactory.EndOfLine(newLine))
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }
}
