using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0021 and RIVER0044: replaces a negative or zero <c>Timeout</c> with <c>null</c> (the client's JobTimeout) or
/// <c>Timeout.InfiniteTimeSpan</c> (none): the two values the override may return besides a positive duration.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DefaultTimeoutCodeFix))]
public sealed class DefaultTimeoutCodeFix : CodeFixProvider
{
    internal const string UseDefaultTitle = "Use the client's default timeout (null)";
    internal const string UseInfiniteTitle = "Use no timeout (Timeout.InfiniteTimeSpan)";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NegativeWorkerTimeout, DiagnosticIds.ZeroWorkerTimeout);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await SyntaxFixes.FindNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not ExpressionSyntax expression)
            {
                continue;
            }
            Register(context, diagnostic, expression, UseDefaultTitle, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression));
            Register(context, diagnostic, expression, UseInfiniteTitle, SyntaxFactory.ParseExpression("global::System.Threading.Timeout.InfiniteTimeSpan"));
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, ExpressionSyntax expression, string title, ExpressionSyntax value)
    {
        var document = context.Document;
        SyntaxFixes.Register(context, diagnostic, title, async ct =>
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            var replacement = value.WithTriviaFrom(expression).WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation);
            return document.WithSyntaxRoot(root!.ReplaceNode(expression, replacement));
        });
    }
}
