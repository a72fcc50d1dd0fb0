using System.Text.Json.Serialization;

namespace River;

/// <summary>
/// Assembly-wide JSON options of the generated job args serializers. Without it, property names are
/// written in snake_case (River's convention across languages); <c>[JsonPropertyName]</c> always wins.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class RiverJsonOptionsAttribute : Attribute
{
    /// <summary>
    /// The naming policy applied to property names. Default <see cref="JsonKnownNamingPolicy.SnakeCaseLower"/>;
    /// <see cref="JsonKnownNamingPolicy.Unspecified"/> keeps the C# names.
    /// </summary>
    public JsonKnownNamingPolicy NamingPolicy { get; set; } = JsonKnownNamingPolicy.SnakeCaseLower;

    /// <summary>
    /// A <c>JsonSerializerContext</c> used for every args type of the assembly whose shape the generated
    /// serializer does not support (a type's own <see cref="JobArgsAttribute.JsonContext"/> wins).
    /// </summary>
    public Type? Context { get; set; }
}
