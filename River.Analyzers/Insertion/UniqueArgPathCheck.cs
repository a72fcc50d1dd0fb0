using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using River.Analyzers.Serialization;
using River.Analyzers.Symbols;
using River.Generators.Emitting;

namespace River.Analyzers.Insertion;

/// <summary>
/// RIVER0052: a constant <c>UniqueOptions.ArgPaths</c> entry that names no JSON property of the args type. The
/// runtime skips a path it does not find in the encoded args (CanonicalArgs.AppendSelected), so such a path makes no
/// job distinct. Paths are JSON names separated by <c>.</c>, <c>\</c> escaping the next character (UniqueArgPaths);
/// names are the generator's (<c>[JsonPropertyName]</c>, else the assembly's naming policy).
/// </summary>
internal static class UniqueArgPathCheck
{
    /// <summary>Why <paramref name="path"/> finds nothing in <paramref name="argsType"/>'s JSON, or <see langword="null"/>.</summary>
    public static string? Problem(ITypeSymbol argsType, string path, int namingPolicy, RiverSymbols symbols)
    {
        var segments = Segments(path);
        if (segments is null)
        {
            return null; // malformed: the runtime's own check refuses it with its message
        }
        ITypeSymbol current = argsType;
        var walked = argsType.Name;
        for (var i = 0; i < segments.Count; i++)
        {
            if (current is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named || named.SpecialType != SpecialType.None
                || named.ContainingNamespace?.ToDisplayString() is "System" or "System.Collections.Generic")
            {
                return "'" + walked + "' is not an object with properties, so \"" + segments[i] + "\" cannot be found in it";
            }
            IPropertySymbol? match = null;
            foreach (var property in ArgsProperties.Serialized(named, symbols))
            {
                if (JsonNameOf(property, namingPolicy) == segments[i])
                {
                    match = property;
                    break;
                }
            }
            if (match is null)
            {
                return "'" + named.Name + "' has no JSON property \"" + segments[i] + "\"" + (namingPolicy == NamingPolicies.Unspecified ? ""
                    : " (names follow the assembly's naming policy, snake_case_lower unless [assembly: RiverJsonOptions(NamingPolicy = …)] names another)");
            }
            current = match.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            if (current is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                current = nullable.TypeArguments[0];
            }
            walked = named.Name + "." + match.Name;
        }
        return null;
    }

    /// <summary>The JSON name the generator writes <paramref name="property"/> under: its <c>[JsonPropertyName]</c>, else the policy's.</summary>
    internal static string JsonNameOf(IPropertySymbol property, int policy)
    {
        foreach (var attribute in property.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "JsonPropertyNameAttribute" } && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }
        return NamingPolicies.Convert(policy, property.Name);
    }

    /// <summary>The path's name segments, or <see langword="null"/> when it is malformed (empty segment, trailing escape): the shared path syntax of <see cref="FlowRules.SplitPath"/>.</summary>
    private static List<string>? Segments(string path) => FlowRules.SplitPath(path, "path", out _);
}
