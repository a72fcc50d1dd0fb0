using System.Text.Json.Serialization;
using River;

[assembly: RiverJsonOptions(Context = typeof(JobCatalog.CatalogJsonContext))]

namespace JobCatalog;

/// <summary>Serializes the shapes the generated serializer leaves to System.Text.Json (here: Uri).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Uri))]
public sealed partial class CatalogJsonContext : JsonSerializerContext;
