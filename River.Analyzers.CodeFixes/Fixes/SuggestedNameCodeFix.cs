using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using River.Analyzers.Definitions;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0006 and RIVER0007: replaces an invalid queue name or tag literal with the nearest valid one, which the
/// analyzer computed with the runtime's own rule (<c>JobOptionRules.SuggestQueue</c> / <c>SuggestTag</c>: lower case for
/// queues, other characters as <c>_</c>, separators folded and trimmed) and put in the diagnostic. Offered only for a
/// string literal (a constant may be used elsewhere) and only when a valid name exists (a tag needs three usable
/// characters). Fix All applies the fix to every such literal at once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SuggestedNameCodeFix))]
public sealed class SuggestedNameCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InvalidQueue, DiagnosticIds.InvalidTag);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(JobArgsAnalyzer.SuggestedNameProperty, out var suggested) || suggested is null
                || await SyntaxFixes.FindStringLiteralAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } literal)
            {
                continue;
            }
            var what = diagnostic.Id == DiagnosticIds.InvalidQueue ? "queue" : "tag";
            SyntaxFixes.RegisterStringReplacement(context, diagnostic, $"Use {what} \"{suggested}\"", nameof(SuggestedNameCodeFix) + "." + diagnostic.Id, literal, suggested);
        }
    }
}
