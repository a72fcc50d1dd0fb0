namespace River.Generators.Model;

/// <summary>A class or record written and read property by property.</summary>
/// <param name="Id">Unique id: the type name, plus the context used for unsupported members.</param>
/// <param name="TypeName">The fully qualified type.</param>
/// <param name="Properties">Serialized properties in System.Text.Json's order (most derived type first, declaration order).</param>
/// <param name="ConstructorParameters">The deserialization constructor's parameters, in order.</param>
internal sealed record ObjectModel(
    string Id,
    string TypeName,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<ConstructorParameterModel> ConstructorParameters);
