using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>Shared plumbing of the code fixes: finding the diagnosed node and registering one action.</summary>
internal static class SyntaxFixes
{
    /// <summary>The innermost node whose span is exactly the diagnostic's (or contains it).</summary>
    public static async Task<SyntaxNode?> FindNodeAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
    }

    public static void Register(CodeFixContext context, Diagnostic diagnostic, string title, System.Func<CancellationToken, Task<Document>> apply)
        => context.RegisterCodeFix(CodeAction.Create(title, apply, equivalenceKey: title), diagnostic);

    /// <summary>Registers one action whose Fix All key is <paramref name="equivalenceKey"/> (when titles differ per diagnostic).</summary>
    public static void Register(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, System.Func<CancellationToken, Task<Document>> apply)
        => context.RegisterCodeFix(CodeAction.Create(title, apply, equivalenceKey: equivalenceKey), diagnostic);

    public static void Register(CodeFixContext context, Diagnostic diagnostic, string title, System.Func<CancellationToken, Task<Solution>> apply)
        => context.RegisterCodeFix(CodeAction.Create(title, apply, equivalenceKey: title), diagnostic);

    /// <summary>The diagnosed node when it is a string literal (fixes leave constants alone: they may be shared).</summary>
    public static async Task<LiteralExpressionSyntax?> FindStringLiteralAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        => await FindNodeAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is LiteralExpressionSyntax literal
           && literal.IsKind(SyntaxKind.StringLiteralExpression)
            ? literal
            : null;

    /// <summary>Registers an action that replaces <paramref name="literal"/> with the string literal <paramref name="text"/>.</summary>
    public static void RegisterStringReplacement(CodeFixContext context, Diagnostic diagnostic, string title, LiteralExpressionSyntax literal, string text)
        => RegisterStringReplacement(context, diagnostic, title, title, literal, text);

    /// <summary>As above, with a Fix All key of its own (when the title names a value that differs per diagnostic).</summary>
    public static void RegisterStringReplacement(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, LiteralExpressionSyntax literal, string text)
        => RegisterReplacement(context, diagnostic, title, equivalenceKey, literal,
            SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text)));

    /// <summary>Registers an action that replaces the diagnosed <paramref name="expression"/> with <paramref name="replacement"/>, keeping its trivia.</summary>
    public static void RegisterReplacement(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, ExpressionSyntax expression,
        ExpressionSyntax replacement)
    {
        var document = context.Document;
        Register(context, diagnostic, title, equivalenceKey, async ct =>
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            return document.WithSyntaxRoot(root!.ReplaceNode(expression, replacement.WithTriviaFrom(expression)));
        });
    }
}
