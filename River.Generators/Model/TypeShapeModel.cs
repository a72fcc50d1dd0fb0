using River.Generators.Parsing;

namespace River.Generators.Model;

/// <summary>The JSON shape of one use of a type.</summary>
/// <param name="Kind">How the type is handled.</param>
/// <param name="TypeName">The fully qualified type (<c>global::</c> names, no nullable reference annotation).</param>
/// <param name="DeclaredName">The type as declared, with a top-level <c>?</c> when the reference type is annotated.</param>
/// <param name="IsValueType">Whether the type is a value type (nulls are impossible).</param>
/// <param name="Element">Element, value, underlying or nullable-underlying shape, when <see cref="Kind"/> has one.</param>
/// <param name="ObjectId">For <see cref="ShapeKind.Object"/>: the id of its <see cref="ObjectModel"/>.</param>
internal sealed record TypeShapeModel(
    ShapeKind Kind,
    string TypeName,
    string DeclaredName,
    bool IsValueType,
    TypeShapeModel? Element = null,
    string? ObjectId = null)
{
    /// <summary>Whether the value needs a generated helper method (collections and objects).</summary>
    public bool NeedsMethod => Kind is ShapeKind.Array or ShapeKind.List or ShapeKind.Set or ShapeKind.Dictionary or ShapeKind.Object;
}
