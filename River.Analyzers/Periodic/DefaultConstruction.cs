using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using River.Analyzers.Symbols;

namespace River.Analyzers.Periodic;

/// <summary>
/// Whether generated code in the type's own assembly can write <c>new T()</c>: the rule the generator follows when
/// it registers a <c>[PeriodicJob]</c> type (it skips any other type, and RIVER0027 says why).
/// </summary>
internal static class DefaultConstruction
{
    /// <summary>
    /// <see langword="null"/> when <c>new T()</c> compiles in T's assembly: a struct, or a class with a public or
    /// internal instance constructor whose parameters are all optional (default values or <c>params</c>) and which
    /// sets every required member (none, or <c>[SetsRequiredMembers]</c>). Otherwise why not.
    /// </summary>
    public static string? Problem(INamedTypeSymbol type, RiverSymbols symbols)
    {
        if (type.TypeKind == TypeKind.Struct)
        {
            return HasRequiredMembers(type) ? "it has required members that new() does not set" : null;
        }
        var hasRequired = HasRequiredMembers(type);
        var sawCallable = false;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
                || !AllOptional(constructor.Parameters))
            {
                continue;
            }
            sawCallable = true;
            if (!hasRequired || RiverSymbols.Find(constructor, symbols.SetsRequiredMembersAttribute) is not null)
            {
                return null;
            }
        }
        return sawCallable
            ? "it has required members, and its constructor without arguments is not marked [SetsRequiredMembers]"
            : "it has no public or internal constructor that takes no arguments (or only arguments with default values)";
    }

    private static bool AllOptional(IEnumerable<IParameterSymbol> parameters)
    {
        foreach (var parameter in parameters)
        {
            if (!parameter.IsOptional && !parameter.IsParams)
            {
                return false;
            }
        }
        return true;
    }

    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                {
                    return true;
                }
            }
        }
        return false;
    }
}
