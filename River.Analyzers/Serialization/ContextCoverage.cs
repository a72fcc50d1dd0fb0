using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using River.Analyzers.Symbols;

namespace River.Analyzers.Serialization;

/// <summary>
/// Which types a <c>JsonSerializerContext</c> can give metadata for: the types it lists with
/// <c>[JsonSerializable(typeof(T))]</c> and everything System.Text.Json's generator reaches from them (elements,
/// type arguments, public properties not always ignored). Computed once per context and compilation.
/// </summary>
internal sealed class ContextCoverage(RiverSymbols symbols)
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, HashSet<ITypeSymbol>> _reachable = new(SymbolEqualityComparer.Default);

    public bool Covers(INamedTypeSymbol context, ITypeSymbol type)
        => _reachable.GetOrAdd(context, Compute).Contains(type);

    private HashSet<ITypeSymbol> Compute(INamedTypeSymbol context)
    {
        var reachable = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ITypeSymbol>();
        foreach (var attribute in context.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.JsonSerializableAttribute)
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol root)
            {
                pending.Push(root);
            }
        }
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!reachable.Add(type))
            {
                continue;
            }
            if (type is IArrayTypeSymbol array)
            {
                pending.Push(array.ElementType);
                continue;
            }
            if (type is not INamedTypeSymbol named)
            {
                continue;
            }
            foreach (var argument in named.TypeArguments)
            {
                pending.Push(argument);
            }
            if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct) || IsFrameworkType(named))
            {
                continue;
            }
            for (var current = named; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property
                        && !ArgsProperties.IsIgnored(property, symbols))
                    {
                        pending.Push(property.Type);
                    }
                }
            }
        }
        return reachable;
    }

    private static bool IsFrameworkType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false, ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }
        return ns is { IsGlobalNamespace: false, Name: "System" or "Microsoft" };
    }
}
