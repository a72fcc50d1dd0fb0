using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using River.Analyzers.Definitions;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>RIVER0004: replaces an out-of-range priority with the nearest valid one (1 or 4).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClampPriorityCodeFix))]
public sealed class ClampPriorityCodeFix : ClampIntegerCodeFix
{
    /// <summary>Creates the fix.</summary>
    public ClampPriorityCodeFix() : base(DiagnosticIds.PriorityOutOfRange) { }

    private protected override string ClampedProperty => JobArgsAnalyzer.ClampedPriorityProperty;

    private protected override string Title(int clamped) => $"Use priority {clamped}";
}
