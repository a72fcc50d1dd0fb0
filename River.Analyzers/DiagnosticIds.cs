namespace River.Analyzers;

/// <summary>Stable ids of River.Typed diagnostics.</summary>
internal static class DiagnosticIds
{
    public const string Prefix = "RIVER";
}
