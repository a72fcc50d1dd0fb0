using System.Text.Json.Serialization;
using River;

namespace River.Benchmarks.Serialization;

/// <summary>A typical args record: three strings, a number, a date and a list.</summary>
[JobArgs("bench.email")]
public sealed record EmailArgs(string To, string Subject, long AccountId, DateTimeOffset SendAfter, IReadOnlyList<string> Cc);

/// <summary>System.Text.Json's own source generator for the same type and naming policy (the comparison).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EmailArgs))]
internal sealed partial class EmailJsonContext : JsonSerializerContext;
