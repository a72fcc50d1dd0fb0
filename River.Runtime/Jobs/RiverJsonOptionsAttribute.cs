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

    /// <summary>
    /// Whether the generated readers decode args truthfully (default <see langword="true"/>): JSON that lacks a
    /// constructor parameter without a default value, or holds <c>null</c> for a property or parameter of a
    /// non-nullable reference type, fails with a <see cref="System.Text.Json.JsonException"/> naming the property,
    /// exactly as System.Text.Json with <c>RespectRequiredConstructorParameters</c> and
    /// <c>RespectNullableAnnotations</c> (so a job whose stored args are <c>{}</c> fails with that error recorded
    /// instead of running with <c>null</c> and <c>0</c>). <c>[JsonRequired]</c> and <c>required</c> members are refused
    /// when missing either way. <see langword="false"/> restores the lenient behaviour: missing values take their
    /// defaults and nulls are accepted.
    /// </summary>
    public bool StrictArgs { get; set; } = true;
}
