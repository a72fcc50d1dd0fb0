using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using River.Generators.Model;

namespace River.Generators.Parsing;

/// <summary>Walks a type and everything reachable from it into shape and object models.</summary>
internal sealed class ObjectGraphParser
{
    private readonly Dictionary<string, ObjectModel?> _objects = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectLayout> _layouts = new(System.StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    public ObjectGraphParser(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

    /// <summary>Object models found so far, sorted by id; objects still being parsed are left out.</summary>
    public EquatableArray<ObjectModel> Objects
        => _objects.Values.Where(o => o is not null).Select(o => o!).OrderBy(o => o.Id, System.StringComparer.Ordinal).ToEquatableArray();

    /// <summary>The layout of a parsed object, by id.</summary>
    public ObjectLayout? LayoutOf(string objectId) => _layouts.TryGetValue(objectId, out var l) ? l : null;

    /// <summary>The shape of a use of <paramref name="type"/>.</summary>
    public TypeShapeModel Shape(ITypeSymbol type)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var name = TypeNames.Of(type);
        var declared = TypeNames.Declared(type);
        var kind = TypeShapes.Classify(type, out var element);
        switch (kind)
        {
            case ShapeKind.Enum:
            case ShapeKind.Nullable:
            case ShapeKind.Array:
            case ShapeKind.List:
            case ShapeKind.Set:
            case ShapeKind.Dictionary:
            {
                var elementShape = Shape(element!);
                if (kind == ShapeKind.Nullable && elementShape.Kind == ShapeKind.Unsupported)
                {
                    return new TypeShapeModel(ShapeKind.Unsupported, name, declared, type.IsValueType);
                }
                return new TypeShapeModel(kind, name, declared, type.IsValueType, elementShape);
            }
            case ShapeKind.Object:
                return ParseObject((INamedTypeSymbol)type, name)
                    ? new TypeShapeModel(ShapeKind.Object, name, declared, false, ObjectId: name)
                    : new TypeShapeModel(ShapeKind.Unsupported, name, declared, false);
            default:
                return new TypeShapeModel(kind, name, declared, type.IsValueType);
        }
    }

    private bool ParseObject(INamedTypeSymbol type, string id)
    {
        if (_objects.ContainsKey(id))
        {
            return true; // parsed, or being parsed higher up a recursive type
        }
        if (!TypeShapes.TryGetObjectLayout(type, out var layout, out _))
        {
            return false;
        }
        _objects[id] = null;
        _layouts[id] = layout!;
        var properties = new List<PropertyModel>(layout!.Properties.Count);
        foreach (var p in layout.Properties)
        {
            var shape = p.HasStringEnumConverter
                ? new TypeShapeModel(ShapeKind.StringEnum, TypeNames.Of(p.Property.Type), TypeNames.Declared(p.Property.Type), true)
                : p.HasConverter
                ? new TypeShapeModel(ShapeKind.Unsupported, TypeNames.Of(p.Property.Type), TypeNames.Declared(p.Property.Type), p.Property.Type.IsValueType)
                : Shape(p.Property.Type);
            properties.Add(new PropertyModel(
                p.Property.Name,
                p.JsonNameOverride,
                shape,
                p.CanRead,
                p.SetMode,
                p.IsRequired,
                p.IsCSharpRequired,
                p.Ignore,
                p.MayBeSetByConstruction,
                p.IsUniqueKey));
        }
        var parameters = new List<ConstructorParameterModel>();
        for (var i = 0; i < layout.Constructor.Parameters.Length; i++)
        {
            var parameter = layout.Constructor.Parameters[i];
            parameters.Add(new ConstructorParameterModel(layout.ConstructorBindings[i], parameter.HasExplicitDefaultValue ? Literals.DefaultValue(parameter) : null, TypeNames.Declared(parameter.Type)));
        }
        _objects[id] = new ObjectModel(id, id, properties.ToEquatableArray(), parameters.ToEquatableArray());
        return true;
    }
}
