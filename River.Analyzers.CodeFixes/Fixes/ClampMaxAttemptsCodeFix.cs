using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using River.Analyzers.Definitions;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>RIVER0005: replaces an out-of-range max attempts with the nearest valid one (1 or 32,767).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClampMaxAttemptsCodeFix))]
public sealed class ClampMaxAttemptsCodeFix : ClampIntegerCodeFix
{
    /// <summary>Creates the fix.</summary>
    public ClampMaxAttemptsCodeFix() : base(DiagnosticIds.MaxAttemptsOutOfRange) { }

    private protected override string ClampedProperty => JobArgsAnalyzer.ClampedMaxAttemptsProperty;

    private protected override string Title(int clamped) => $"Use max attempts {clamped}";
}
