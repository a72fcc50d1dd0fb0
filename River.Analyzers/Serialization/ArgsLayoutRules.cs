using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using River.Analyzers.Symbols;
#if GENERATOR_TYPE_SHAPES
using River.Generators.Parsing;
#endif

namespace River.Analyzers.Serialization;

/// <summary>
/// Whether the generated serializer can handle an args type as a whole: its constructor and its layout. With
/// River.Generators' <c>TypeShapes</c> linked in (symbol <c>GENERATOR_TYPE_SHAPES</c>, set by the project when
/// the file exists) the generator's own decisions are used, so the two cannot disagree; without it a close
/// approximation of System.Text.Json's rules stands in.
/// </summary>
internal static class ArgsLayoutRules
{
    /// <summary>Why no constructor can create the type when a job is read, or <see langword="null"/>.</summary>
    public static string? ConstructorProblem(INamedTypeSymbol type, RiverSymbols symbols)
    {
#if GENERATOR_TYPE_SHAPES
        _ = symbols;
        var constructor = TypeShapes.FindConstructor(type, out var reason);
        return constructor is null ? reason ?? "no constructor can be used" : ParameterProblem(constructor, type);
#else
        var candidates = new List<IMethodSymbol>();
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }
            if (RiverSymbols.Find(constructor, symbols.JsonConstructorAttribute) is not null)
            {
                return ParameterProblem(constructor, type);
            }
            candidates.Add(constructor);
        }
        foreach (var constructor in candidates)
        {
            if (constructor.Parameters.Length == 0)
            {
                return null;
            }
        }
        return candidates.Count switch
        {
            0 => "the type has no public constructor",
            1 => ParameterProblem(candidates[0], type),
            _ => "the type has several public constructors and none is marked [JsonConstructor]",
        };
#endif
    }

    /// <summary>
    /// Why the generated serializer cannot lay out the type (features of System.Text.Json it does not reproduce),
    /// or <see langword="null"/>. Call it only when <see cref="ConstructorProblem"/> found none.
    /// </summary>
    public static string? LayoutProblem(INamedTypeSymbol type, RiverSymbols symbols)
    {
#if GENERATOR_TYPE_SHAPES
        _ = symbols;
        if (TypeShapes.Classify(type, out _) != ShapeKind.Object)
        {
            return "the type is a collection, or carries a System.Text.Json attribute such as [JsonConverter] or [JsonPolymorphic]";
        }
        return TypeShapes.TryGetObjectLayout(type, out _, out var reason) ? null : reason ?? "its layout is not supported";
#else
        _ = symbols;
        foreach (var attribute in type.GetAttributes())
        {
            if (IsUnsupportedJsonAttribute(attribute))
            {
                return $"the type carries [{AttributeName(attribute)}]";
            }
        }
        foreach (var member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsStatic: false } field && HasJsonAttribute(field, "JsonIncludeAttribute"))
            {
                return $"field '{field.Name}' is marked [JsonInclude]";
            }
            if (member is IPropertySymbol { IsStatic: false } property)
            {
                foreach (var attribute in property.GetAttributes())
                {
                    if (IsUnsupportedJsonAttribute(attribute) && attribute.AttributeClass?.Name != "JsonConverterAttribute")
                    {
                        return $"property '{property.Name}' carries [{AttributeName(attribute)}]";
                    }
                }
            }
        }
        return null;
#endif
    }

    private static string? ParameterProblem(IMethodSymbol constructor, INamedTypeSymbol type)
    {
        foreach (var parameter in constructor.Parameters)
        {
            var match = FindProperty(type, parameter.Name);
            if (match is null)
            {
                return $"constructor parameter '{parameter.Name}' matches no public property, so the reader cannot fill it";
            }
            if (!SymbolEqualityComparer.Default.Equals(match.Type.WithNullableAnnotation(NullableAnnotation.None), parameter.Type.WithNullableAnnotation(NullableAnnotation.None)))
            {
                return $"constructor parameter '{parameter.Name}' is {parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)} but property '{match.Name}' is {match.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}";
            }
        }
        return null;
    }

    private static IPropertySymbol? FindProperty(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public } property
                    && string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return property;
                }
            }
        }
        return null;
    }

#if !GENERATOR_TYPE_SHAPES
    private static readonly HashSet<string> UnsupportedJsonAttributes =
    [
        "JsonExtensionDataAttribute", "JsonNumberHandlingAttribute", "JsonObjectCreationHandlingAttribute",
        "JsonPolymorphicAttribute", "JsonDerivedTypeAttribute", "JsonUnmappedMemberHandlingAttribute", "JsonConverterAttribute",
    ];

    private static bool IsUnsupportedJsonAttribute(AttributeData attribute)
        => attribute.AttributeClass is { } c && UnsupportedJsonAttributes.Contains(c.Name)
           && c.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization";

    private static bool HasJsonAttribute(ISymbol symbol, string name)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && c.Name == name && c.ContainingNamespace?.ToDisplayString() == "System.Text.Json.Serialization")
            {
                return true;
            }
        }
        return false;
    }

    private static string AttributeName(AttributeData attribute)
    {
        var name = attribute.AttributeClass?.Name ?? "?";
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }
#endif
}
