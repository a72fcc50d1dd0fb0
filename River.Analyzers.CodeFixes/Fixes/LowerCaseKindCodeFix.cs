using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using River.Analyzers.Definitions;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>RIVER0003: rewrites a kind literal in lower case. Kinds named through a constant are left alone.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LowerCaseKindCodeFix))]
public sealed class LowerCaseKindCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.KindNotLowerCase);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(JobArgsAnalyzer.LowerCaseKindProperty, out var lower) && lower is not null
                && await SyntaxFixes.FindStringLiteralAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } literal)
            {
                SyntaxFixes.RegisterStringReplacement(context, diagnostic, $"Use kind \"{lower}\"", nameof(LowerCaseKindCodeFix), literal, lower);
            }
        }
    }
}
