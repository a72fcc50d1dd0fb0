using System.Collections.Immutable;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// Replaces an out-of-range integer attribute argument with the nearest valid value, which the analyzer computed and
/// put in the diagnostic's property <see cref="ClampedProperty"/> (the fix never re-derives the range). Fix All applies
/// every such fix of the derived type at once, whatever value each diagnostic clamps to.
/// </summary>
public abstract class ClampIntegerCodeFix : CodeFixProvider
{
    private readonly string _diagnosticId;

    /// <summary>Creates the fix for <paramref name="diagnosticId"/>.</summary>
    private protected ClampIntegerCodeFix(string diagnosticId) => _diagnosticId = diagnosticId;

    /// <summary>The diagnostic property holding the clamped value as invariant digits.</summary>
    private protected abstract string ClampedProperty { get; }

    /// <summary>The action's title for the clamped value (e.g. "Use priority 4").</summary>
    private protected abstract string Title(int clamped);

    /// <inheritdoc />
    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(_diagnosticId);

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ClampedProperty, out var text)
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var clamped)
                || await SyntaxFixes.FindNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)
                    is not ExpressionSyntax expression)
            {
                continue;
            }
            SyntaxFixes.RegisterReplacement(context, diagnostic, Title(clamped), GetType().Name, expression,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(clamped)));
        }
    }
}
