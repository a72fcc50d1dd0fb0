using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using River.Analyzers.Periodic;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0024: replaces an <c>@every</c> interval below one second with <c>@every 1s</c>, the shortest one River
/// runs. Offered only when the schedule is written as a string literal (a constant may be shared elsewhere).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RaiseIntervalCodeFix))]
public sealed class RaiseIntervalCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PeriodicIntervalTooShort);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await SyntaxFixes.FindStringLiteralAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } literal)
            {
                SyntaxFixes.RegisterStringReplacement(context, diagnostic, $"Use \"{PeriodicJobAnalyzer.MinimumIntervalSchedule}\"",
                    literal, PeriodicJobAnalyzer.MinimumIntervalSchedule);
            }
        }
    }
}
