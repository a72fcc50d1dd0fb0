using System;
using Microsoft.CodeAnalysis;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Analyzers.Serialization;

/// <summary>
/// Whether the generated serializer can handle an args type as a whole: its constructor and its layout. The
/// decisions are River.Generators' own (<c>TypeShapes</c>, linked in), so analyzers and generator cannot disagree;
/// only the constructor parameter messages are worded here.
/// </summary>
internal static class ArgsLayoutRules
{
    /// <summary>Why no constructor can create the type when a job is read, or <see langword="null"/>.</summary>
    public static string? ConstructorProblem(INamedTypeSymbol type)
    {
        var constructor = TypeShapes.FindConstructor(type, out var reason);
        return constructor is null ? reason ?? "no constructor can be used" : ParameterProblem(constructor, type);
    }

    /// <summary>
    /// Why the generated serializer cannot lay out the type (features of System.Text.Json it does not reproduce),
    /// or <see langword="null"/>. Call it only when <see cref="ConstructorProblem"/> found none.
    /// </summary>
    public static string? LayoutProblem(ShapeCache shapes, INamedTypeSymbol type, out ObjectLayout? layout)
    {
        layout = null;
        if (shapes.Classify(type, out _) != ShapeKind.Object)
        {
            return "the type is a collection, or carries a System.Text.Json attribute such as [JsonConverter] or [JsonPolymorphic]";
        }
        return shapes.TryGetObjectLayout(type, out layout, out var reason) ? null : reason;
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

}
