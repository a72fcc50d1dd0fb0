using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Diagnostics;
using River.Analyzers.Serialization;
using River.Analyzers.Symbols;

namespace River.Analyzers.Definitions;

/// <summary>
/// RIVER0049: a <c>[UniqueKey]</c> the unique key never reaches. The generator takes key paths through the args type's
/// properties and the properties of directly nested objects (JobArgsParser.CollectUniqueKeys), so a static property
/// (never serialized) and a marked property of a collection's or dictionary's element type take no part in the key.
/// </summary>
internal static class UnreachedUniqueKeys
{
    public static void Report(SymbolAnalysisContext context, INamedTypeSymbol type, List<IPropertySymbol> properties, bool byArgs, RiverSymbols symbols)
    {
        if (symbols.UniqueKeyAttribute is null)
        {
            return;
        }
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: true } property && RiverSymbols.Find(property, symbols.UniqueKeyAttribute) is not null
                    && property.Locations.Length > 0 && property.Locations[0].IsInSource)
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueKeyNeverReached, property.Locations[0], property.Name,
                        "it is static, and static properties are not serialized"));
                }
            }
        }
        if (byArgs)
        {
            Walk(context, properties, symbols, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default) { type });
        }
    }

    /// <summary>Through nested objects as the generator does; at each collection, the element type's marked properties are reported on the collection.</summary>
    private static void Walk(SymbolAnalysisContext context, List<IPropertySymbol> properties, RiverSymbols symbols, HashSet<ITypeSymbol> visiting)
    {
        foreach (var property in properties)
        {
            if (ArgsProperties.IsUniqueKey(property, symbols))
            {
                continue; // the whole value is in the key
            }
            var type = property.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            if (ElementType(type) is { } element)
            {
                if (element is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named && IsUserObject(named)
                    && FirstUniqueKey(ArgsProperties.Serialized(named, symbols), symbols) is { } marked
                    && property.Locations.Length > 0 && property.Locations[0].IsInSource)
                {
                    context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.UniqueKeyNeverReached, property.Locations[0],
                        named.Name + "." + marked.Name,
                        "'" + property.Name + "' holds it in a collection, and key paths do not go through collections; mark '" + property.Name + "' [UniqueKey] to key on the whole collection"));
                }
                continue;
            }
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } nested && IsUserObject(nested) && visiting.Add(nested))
            {
                Walk(context, ArgsProperties.Serialized(nested, symbols), symbols, visiting);
                visiting.Remove(nested);
            }
        }
    }

    private static IPropertySymbol? FirstUniqueKey(List<IPropertySymbol> properties, RiverSymbols symbols)
    {
        foreach (var property in properties)
        {
            if (ArgsProperties.IsUniqueKey(property, symbols))
            {
                return property;
            }
        }
        return null;
    }

    /// <summary>A type of the user's (declared in source or in a library), not a framework type such as string or Guid.</summary>
    private static bool IsUserObject(INamedTypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None)
        {
            return false;
        }
        var ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        return ns != "System" && !ns.StartsWith("System.", System.StringComparison.Ordinal) && !ns.StartsWith("Microsoft.", System.StringComparison.Ordinal);
    }

    /// <summary>The element of an array or <c>IEnumerable&lt;T&gt;</c> (the value of a dictionary), or <see langword="null"/>.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }
        if (type.SpecialType == SpecialType.System_String || type is not INamedTypeSymbol named)
        {
            return null;
        }
        if (named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return Element(named);
        }
        foreach (var candidate in named.AllInterfaces)
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return Element(candidate);
            }
        }
        return null;
    }

    private static ITypeSymbol Element(INamedTypeSymbol enumerable)
    {
        var element = enumerable.TypeArguments[0];
        return element is INamedTypeSymbol { Name: "KeyValuePair", TypeArguments.Length: 2 } pair ? pair.TypeArguments[1] : element;
    }
}
