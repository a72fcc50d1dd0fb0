using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Analyzers.Serialization;

/// <summary>
/// Per-compilation memo of River.Generators' <see cref="TypeShapes"/> answers: nested types are shared by many
/// args types, and each answer walks attributes and members, so every type is classified and laid out once.
/// </summary>
internal sealed class ShapeCache
{
    private readonly ConcurrentDictionary<ITypeSymbol, (ShapeKind Kind, ITypeSymbol? Element)> _kinds = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, (ObjectLayout? Layout, string? Reason)> _layouts = new(SymbolEqualityComparer.Default);

    public ShapeKind Classify(ITypeSymbol type, out ITypeSymbol? element)
    {
        var (kind, e) = _kinds.GetOrAdd(type, static t => (TypeShapes.Classify(t, out var el), el));
        element = e;
        return kind;
    }

    public bool TryGetObjectLayout(INamedTypeSymbol type, out ObjectLayout? layout, out string? reason)
    {
        (layout, reason) = _layouts.GetOrAdd(type, static t => TypeShapes.TryGetObjectLayout(t, out var l, out var r) ? (l, null) : (null, r ?? "its layout is not supported"));
        return layout is not null;
    }
}
