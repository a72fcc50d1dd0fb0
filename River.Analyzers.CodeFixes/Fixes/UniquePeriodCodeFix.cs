using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0008: raises a unique period below one second (negative, zero or sub-second) to one second, the shortest
/// River accepts: <c>ByPeriodSeconds = 1</c> on <c>[UniqueJob]</c>, <c>TimeSpan.FromSeconds(1)</c> for
/// <c>UniqueOptions.ByPeriod</c> (spelled <c>System.TimeSpan</c> unless the replaced code names <c>TimeSpan</c> unqualified).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UniquePeriodCodeFix))]
public sealed class UniquePeriodCodeFix : CodeFixProvider
{
    /// <summary>The action's title.</summary>
    public const string Title = "Use a unique period of 1 second";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UniquePeriodTooShort);

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
            ExpressionSyntax replacement = expression.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().Any()
                ? SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1))
                : SyntaxFactory.ParseExpression(ShortForm(expression.ToString()) ? "TimeSpan.FromSeconds(1)" : "System.TimeSpan.FromSeconds(1)");
            SyntaxFixes.RegisterReplacement(context, diagnostic, Title, Title, expression, replacement);
        }
    }

    /// <summary>The code names <c>TimeSpan</c> unqualified, so a <c>using System;</c> (or a global using) is in scope.</summary>
    private static bool ShortForm(string text) => text.Contains("TimeSpan") && !text.Contains("System.TimeSpan");
}
