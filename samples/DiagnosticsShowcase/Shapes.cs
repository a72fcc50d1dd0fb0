// Args type shapes and serialization: RIVER0012 not a concrete class, RIVER0013 generic,
// RIVER0014 no usable constructor, RIVER0015 unsupported property shape, RIVER0016 context
// without the type, RIVER0017 context that is not a JsonSerializerContext, RIVER0022 a System.Text.Json
// feature the generated serializer does not reproduce, RIVER0030 a file-local type.
#pragma warning disable RIVER0020 // these kinds are worked by another service
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiagnosticsShowcase.Shapes;

[JobArgs("shapes.abstract")]
public abstract record /*!RIVER0012*/AbstractArgs(string To);

[JobArgs("shapes.generic")]
public sealed record /*!RIVER0013*/Envelope<T>(T Value);

[JobArgs("shapes.file_local")]
file sealed record /*!RIVER0030*/FileLocalArgs(string To);

[JobArgs("shapes.constructor")]
public sealed class /*!RIVER0014*/NoUsableConstructor
{
    public NoUsableConstructor(string to, int retries) => To = to;

    public string To { get; }
}

[JobArgs("shapes.unsupported")]
public sealed record UnsupportedShape(string Name, object /*!RIVER0015*/Filter);

[JobArgs("shapes.unlisted", JsonContext = /*!RIVER0016*/typeof(ShowcaseJsonContext))]
public sealed record NotInContext(object Filter);

public sealed class NotAContext
{
}

[JobArgs("shapes.not_a_context", JsonContext = /*!RIVER0017*/typeof(NotAContext))]
public sealed record WrongContext(string Name);

[JobArgs("shapes.extension_data")]
public sealed class /*!RIVER0022*/WithExtensionData
{
    public string Url { get; set; } = "";

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSerializable(typeof(string))]
public sealed partial class ShowcaseJsonContext : JsonSerializerContext
{
}

// RIVER0033 a public field (not serialized), RIVER0034 an auto-property written but not read back,
// RIVER0035 a DateTime (its kind and zone do not survive).
[JobArgs("shapes.lossy")]
public sealed class LossyArgs
{
    public LossyArgs(string to) { To = to; Stamp = "now"; }

    public string To { get; }

    public string /*!RIVER0034*/Stamp { get; }

    public int /*!RIVER0033*/Retries;

    public DateTime /*!RIVER0035*/DueAt { get; set; }
}

// RIVER0048: two properties written under one JSON name (Id is "id" under the default snake_case_lower policy).
[JobArgs("shapes.collision")]
public sealed class Collision
{
    public string Id { get; set; } = "";
    [System.Text.Json.Serialization.JsonPropertyName("id")]
    public string /*!RIVER0048*/LegacyId { get; set; } = "";
}
