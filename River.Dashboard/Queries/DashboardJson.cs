using System.Text.Json.Serialization;

namespace River.Dashboard.Queries;

/// <summary>System.Text.Json metadata for what the dashboard writes (trim-safe: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(BatchStep))]
internal sealed partial class DashboardJson : JsonSerializerContext;

/// <summary>The answer to one step of a filter-wide action.</summary>
/// <param name="Processed">Jobs the step looked at.</param>
/// <param name="Changed">Jobs it changed.</param>
/// <param name="Skipped">Jobs it left as they were (running jobs cannot be deleted, finished ones not cancelled...).</param>
/// <param name="Next">Where the next step continues, or null when done.</param>
internal sealed record BatchStep(int Processed, int Changed, int Skipped, string? Next);
