using River.Generators.Parsing;

namespace River.Generators.Model;

/// <summary>One serialized property of an object shape.</summary>
/// <param name="Name">The C# name.</param>
/// <param name="JsonNameOverride">The name from <c>[JsonPropertyName]</c>, or <see langword="null"/> to apply the naming policy.</param>
/// <param name="Shape">The value's shape.</param>
/// <param name="CanRead">Whether the getter is public (the property is written).</param>
/// <param name="SetMode">How the property receives its value when read.</param>
/// <param name="IsRequired">Whether a missing property fails the read (<c>required</c> or <c>[JsonRequired]</c>).</param>
/// <param name="IsCSharpRequired">Whether the member has the C# <c>required</c> modifier (always set in the object initializer).</param>
/// <param name="Ignore">When the property is left out of the output.</param>
/// <param name="MayBeSetByConstruction">Whether construction may leave a non-default value (an initializer or constructor body) that a missing property keeps.</param>
/// <param name="IsUniqueKey">Whether the property is marked <c>[UniqueKey]</c>.</param>
internal sealed record PropertyModel(
    string Name,
    string? JsonNameOverride,
    TypeShapeModel Shape,
    bool CanRead,
    PropertySetMode SetMode,
    bool IsRequired,
    bool IsCSharpRequired,
    IgnoreMode Ignore,
    bool MayBeSetByConstruction,
    bool IsUniqueKey);

/// <summary>A parameter of the deserialization constructor.</summary>
/// <param name="PropertyIndex">Index of the bound property in <see cref="ObjectModel.Properties"/>, or -1 when the parameter binds to an ignored property.</param>
/// <param name="DefaultValueLiteral">The C# literal of the parameter's default value, or <see langword="null"/> for <c>default</c>.</param>
internal sealed record ConstructorParameterModel(int PropertyIndex, string? DefaultValueLiteral, string TypeName);
