using System.Collections.Immutable;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using River.Analyzers.Definitions;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>RIVER0005: replaces an out-of-range max attempts with the nearest valid one (1 or 32,767).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClampMaxAttemptsCodeFix))]
public sealed class ClampMaxAttemptsCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MaxAttemptsOutOfRange);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(JobArgsAnalyzer.ClampedMaxAttemptsProperty, out var text)
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var clamped)
                || await SyntaxFixes.FindNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)
                    is not ExpressionSyntax expression)
            {
                continue;
            }
            var document = context.Document;
            SyntaxFixes.Register(context, diagnostic, $"Use max attempts {clamped}", nameof(ClampMaxAttemptsCodeFix), async ct =>
            {
                var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(clamped))
                    .WithTriviaFrom(expression);
                return document.WithSyntaxRoot(root!.ReplaceNode(expression, replacement));
            });
        }
    }
}
