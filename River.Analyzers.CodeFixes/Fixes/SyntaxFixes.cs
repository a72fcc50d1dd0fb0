using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

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

    public static void Register(CodeFixContext context, Diagnostic diagnostic, string title, System.Func<CancellationToken, Task<Solution>> apply)
        => context.RegisterCodeFix(CodeAction.Create(title, apply, equivalenceKey: title), diagnostic);
}
