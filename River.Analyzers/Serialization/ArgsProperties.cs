using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using River.Analyzers.Symbols;

namespace River.Analyzers.Serialization;

/// <summary>The properties of an args type as System.Text.Json sees them: which are written, which are ignored.</summary>
internal static class ArgsProperties
{
    /// <summary><c>JsonIgnoreCondition.Always</c>: the value a bare <c>[JsonIgnore]</c> has.</summary>
    private const int JsonIgnoreAlways = 1;

    /// <summary>
    /// Public instance properties with a public getter, the type's own first, then its base types' (a property
    /// hidden by a derived one is skipped). <paramref name="ignored"/> receives those <c>[JsonIgnore]</c> drops.
    /// </summary>
    public static List<IPropertySymbol> Serialized(INamedTypeSymbol type, RiverSymbols symbols, List<IPropertySymbol>? ignored = null)
    {
        var result = new List<IPropertySymbol>();
        var seen = new HashSet<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol property
                    || property.IsStatic
                    || property.IsIndexer
                    || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is null
                    || property.GetMethod.DeclaredAccessibility != Accessibility.Public
                    || !seen.Add(property.Name))
                {
                    continue;
                }
                if (IsIgnored(property, symbols))
                {
                    ignored?.Add(property);
                }
                else
                {
                    result.Add(property);
                }
            }
        }
        return result;
    }

    /// <summary>Whether <c>[JsonIgnore]</c> (or <c>[JsonIgnore(Condition = Always)]</c>) drops the property.</summary>
    public static bool IsIgnored(IPropertySymbol property, RiverSymbols symbols)
    {
        var attribute = RiverSymbols.Find(property, symbols.JsonIgnoreAttribute);
        if (attribute is null)
        {
            return false;
        }
        return !AttributeArguments.TryGetNamed(attribute, "Condition", out var condition)
               || condition.Value is JsonIgnoreAlways;
    }

    /// <summary>
    /// Whether the property is marked <c>[UniqueKey]</c>, on itself or (for a positional record) on the
    /// constructor parameter it comes from.
    /// </summary>
    public static bool IsUniqueKey(IPropertySymbol property, RiverSymbols symbols)
    {
        if (symbols.UniqueKeyAttribute is null)
        {
            return false;
        }
        if (RiverSymbols.Find(property, symbols.UniqueKeyAttribute) is not null)
        {
            return true;
        }
        foreach (var constructor in property.ContainingType.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.Name == property.Name && RiverSymbols.Find(parameter, symbols.UniqueKeyAttribute) is not null)
                {
                    return true;
                }
            }
        }
        return false;
    }
}
