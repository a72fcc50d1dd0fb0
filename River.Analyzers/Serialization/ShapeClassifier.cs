using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Analyzers.Serialization;

/// <summary>
/// Decides whether the generated serializer handles a property type (DESIGN.md section 5): primitives, string,
/// Guid, date and time types, enums, nullable values, arrays, lists, string-keyed dictionaries and nested
/// classes or records of the same rules. One instance per compilation; results are cached per type.
/// </summary>
/// <remarks>
/// The decision is River.Generators' own (<c>TypeShapes</c>, linked in); this class walks element and member types
/// with it and explains, in a few words, why a shape is not supported.
/// </remarks>
internal sealed class ShapeClassifier
{
    private readonly ConcurrentDictionary<ITypeSymbol, string> _problems = new(SymbolEqualityComparer.Default);
    private readonly ShapeCache _shapes;

    public ShapeClassifier(ShapeCache shapes) => _shapes = shapes;

    private static readonly HashSet<string> SupportedSystemTypes =
    [
        "System.Guid", "System.DateTimeOffset", "System.DateOnly", "System.TimeOnly", "System.TimeSpan",
    ];

    private static readonly HashSet<string> ListTypes =
    [
        "System.Collections.Generic.List<T>", "System.Collections.Generic.IList<T>",
        "System.Collections.Generic.IReadOnlyList<T>", "System.Collections.Generic.ICollection<T>",
        "System.Collections.Generic.IReadOnlyCollection<T>", "System.Collections.Generic.IEnumerable<T>",
    ];

    private static readonly HashSet<string> DictionaryTypes =
    [
        "System.Collections.Generic.Dictionary<TKey, TValue>", "System.Collections.Generic.IDictionary<TKey, TValue>",
        "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>",
    ];

    /// <summary>Why <paramref name="type"/> is not supported, or <see langword="null"/> when it is.</summary>
    public string? Problem(ITypeSymbol type)
    {
        var problem = Classify(type, null);
        return problem.Length == 0 ? null : problem;
    }

    // Returns "" for supported. inProgress breaks cycles of nested types (a cycle is fine for the serializer).
    private string Classify(ITypeSymbol type, HashSet<ITypeSymbol>? inProgress)
    {
        if (_problems.TryGetValue(type, out var cached))
        {
            return cached;
        }
        inProgress ??= new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        if (!inProgress.Add(type))
        {
            return "";
        }
        var problem = Compute(type, inProgress);
        inProgress.Remove(type);
        _problems.TryAdd(type, problem);
        return problem;
    }

    private string Compute(ITypeSymbol type, HashSet<ITypeSymbol> inProgress)
    {
        switch (_shapes.Classify(type, out var element))
        {
            case ShapeKind.Unsupported:
                var reason = Describe(type, inProgress);
                if (reason.Length != 0)
                {
                    return reason;
                }
                return type.TypeKind == TypeKind.Struct
                    ? "structs other than the built-in value types are not supported"
                    : $"'{type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' is not a shape the generated serializer supports";
            case ShapeKind.Nullable:
            case ShapeKind.Array:
            case ShapeKind.List:
            case ShapeKind.Dictionary:
                return element is null ? "" : Classify(element, inProgress);
            case ShapeKind.Object:
                return ObjectProblem((INamedTypeSymbol)type, inProgress);
            default:
                return "";
        }
    }

    private string ObjectProblem(INamedTypeSymbol type, HashSet<ITypeSymbol> inProgress)
    {
        if (!_shapes.TryGetObjectLayout(type, out var layout, out var reason))
        {
            return $"'{type.Name}' cannot be laid out: {reason}";
        }
        foreach (var property in layout!.Properties)
        {
            if (property.HasStringEnumConverter)
            {
                continue;
            }
            var problem = property.HasConverter ? "it has its own [JsonConverter]" : Classify(property.Property.Type, inProgress);
            if (problem.Length != 0)
            {
                return $"its property '{type.Name}.{property.Property.Name}': {problem}";
            }
        }
        return "";
    }

    /// <summary>The fallback classification, and the explanation of an unsupported shape: "" when supported.</summary>
    private string Describe(ITypeSymbol type, HashSet<ITypeSymbol> inProgress)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_String:
            case SpecialType.System_DateTime:
                return "";
            case SpecialType.System_Object:
                return "object has no fixed shape";
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return array.Rank != 1 ? "multi-dimensional arrays are not supported" : Element(array.ElementType, inProgress);
            case IDynamicTypeSymbol:
                return "dynamic has no fixed shape";
            case ITypeParameterSymbol:
                return "a type parameter has no fixed shape";
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return "pointers cannot be serialized";
            case not INamedTypeSymbol:
                return "this kind of type is not supported";
        }

        var named = (INamedTypeSymbol)type;
        if (named.TypeKind == TypeKind.Enum)
        {
            return "";
        }
        if (named.TypeKind == TypeKind.Delegate)
        {
            return "delegates cannot be serialized";
        }
        if (named.IsTupleType)
        {
            return "tuples are not supported";
        }

        var original = named.OriginalDefinition;
        if (original.SpecialType == SpecialType.System_Nullable_T)
        {
            return Element(named.TypeArguments[0], inProgress);
        }

        var display = original.ToDisplayString();
        if (SupportedSystemTypes.Contains(display))
        {
            return "";
        }
        if (named.IsGenericType && ListTypes.Contains(display))
        {
            return Element(named.TypeArguments[0], inProgress);
        }
        if (named.IsGenericType && DictionaryTypes.Contains(display))
        {
            return named.TypeArguments[0].SpecialType != SpecialType.System_String
                ? "dictionary keys must be strings"
                : Element(named.TypeArguments[1], inProgress);
        }
        if (IsInSystemNamespace(named))
        {
            return $"'{named.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' is not one of the supported types";
        }
        if (named.TypeKind == TypeKind.Interface || named.IsAbstract)
        {
            return "interfaces and abstract types have no fixed shape";
        }
        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return "this kind of type is not supported";
        }
        if (named.IsGenericType)
        {
            return "generic nested types are not supported";
        }
        return NestedType(named, inProgress);
    }

    private string Element(ITypeSymbol element, HashSet<ITypeSymbol> inProgress) => Classify(element, inProgress);

    private string NestedType(INamedTypeSymbol type, HashSet<ITypeSymbol> inProgress)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property)
                {
                    var problem = Classify(property.Type, inProgress);
                    if (problem.Length != 0)
                    {
                        return $"its property '{type.Name}.{property.Name}': {problem}";
                    }
                }
            }
        }
        return "";
    }

    private static bool IsInSystemNamespace(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }
        return ns is { IsGlobalNamespace: false, Name: "System" or "Microsoft" };
    }
}
