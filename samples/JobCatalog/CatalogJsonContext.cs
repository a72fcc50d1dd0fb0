using System.Text.Json.Serialization;
using River;

[assembly: RiverJsonOptions(Context = typeof(JobCatalog.CatalogJsonContext))]

namespace JobCatalog;

/// <summary>Serializes the shapes the generated serializer leaves to System.Text.Json (Uri, HashSet).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Uri))]
[JsonSerializable(typeof(HashSet<string>))]
public sealed partial class CatalogJsonContext : JsonSerializerContext;
