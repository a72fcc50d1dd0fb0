namespace River.Analyzers.Diagnostics;

/// <summary>Categories of River.Typed diagnostics, as listed in the AnalyzerReleases files.</summary>
internal static class DiagnosticCategories
{
    public const string Kinds = "River.Kinds";
    public const string InsertOptions = "River.InsertOptions";
    public const string InsertCalls = "River.InsertCalls";
    public const string Uniqueness = "River.Uniqueness";
    public const string Serialization = "River.Serialization";
    public const string Workers = "River.Workers";
    public const string Periodic = "River.Periodic";
    public const string FlowControl = "River.FlowControl";
    public const string Workflows = "River.Workflows";
}
