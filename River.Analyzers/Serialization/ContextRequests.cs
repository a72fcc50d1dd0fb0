using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Analyzers.Serialization;

/// <summary>
/// The types the generated code asks a <c>JsonSerializerContext</c> for, walking shapes the way the generator
/// does: the innermost unsupported shape is asked for (a <c>Uri</c> inside a <c>List&lt;Uri&gt;</c>), a nullable
/// of an unsupported type as a whole, an object whose layout is not supported as a whole.
/// </summary>
internal static class ContextRequests
{
    /// <summary>Adds to <paramref name="requests"/> the types a value of <paramref name="type"/> needs from the context.</summary>
    public static void Collect(ShapeCache shapes, ITypeSymbol type, List<ITypeSymbol> requests, HashSet<ITypeSymbol>? visited = null)
    {
        visited ??= new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        if (!visited.Add(type))
        {
            return;
        }
        switch (shapes.Classify(type, out var element))
        {
            case ShapeKind.Unsupported:
                requests.Add(type);
                return;
            case ShapeKind.Nullable when element is not null && shapes.Classify(element, out _) == ShapeKind.Unsupported:
                requests.Add(type);
                return;
            case ShapeKind.Nullable:
            case ShapeKind.Array:
            case ShapeKind.List:
            case ShapeKind.Dictionary:
                if (element is not null)
                {
                    Collect(shapes, element, requests, visited);
                }
                return;
            case ShapeKind.Object:
                if (!shapes.TryGetObjectLayout((INamedTypeSymbol)type, out var layout, out _))
                {
                    requests.Add(type);
                    return;
                }
                foreach (var property in layout!.Properties)
                {
                    Property(shapes, property, requests, visited);
                }
                return;
        }
    }

    /// <summary>Adds the types one laid-out property needs from the context.</summary>
    public static void Property(ShapeCache shapes, PropertyLayout property, List<ITypeSymbol> requests, HashSet<ITypeSymbol>? visited = null)
    {
        if (property.HasStringEnumConverter)
        {
            return;
        }
        if (property.HasConverter)
        {
            requests.Add(property.Property.Type);
            return;
        }
        Collect(shapes, property.Property.Type, requests, visited);
    }
}
