using System.Linq;
using Microsoft.CodeAnalysis;
using River.Generators.Model;

namespace River.Generators.Parsing;

/// <summary>
/// Reads <c>[PeriodicJob]</c> on a <c>[JobArgs]</c> type. The generated registration builds each firing's args with
/// <c>new T()</c>, so the declaration is kept only when that expression compiles; otherwise it gives
/// <see langword="null"/> and nothing is emitted for it (the analyzers report the shape).
/// </summary>
internal static class PeriodicParser
{
    public static PeriodicModel? Parse(AttributeData attribute, INamedTypeSymbol type)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string schedule)
        {
            return null; // missing or null schedule: a compile error or the analyzers' report
        }
        string? id = null, timeZone = null;
        var runOnStart = false;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Id": id = named.Value.Value as string; break;
                case "TimeZone": timeZone = named.Value.Value as string; break;
                case "RunOnStart": runOnStart = named.Value.Value as bool? ?? false; break;
            }
        }
        return CanConstructWithoutArguments(type) ? new PeriodicModel(schedule, id, timeZone, runOnStart) : null;
    }

    /// <summary>
    /// Whether <c>new T()</c> compiles in generated code of the same assembly: one accessible constructor callable
    /// without arguments (parameterless, or every parameter optional or <c>params</c>; a parameterless one wins over
    /// the others, as in C#), not obsolete as an error, and no <c>required</c> member left unset (unless the
    /// constructor is <c>[SetsRequiredMembers]</c>).
    /// </summary>
    internal static bool CanConstructWithoutArguments(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic)
        {
            return false;
        }
        var candidates = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            .Where(c => c.Parameters.All(p => p.IsOptional || p.IsParams))
            .ToList();
        var chosen = candidates.FirstOrDefault(c => c.Parameters.Length == 0) ?? (candidates.Count == 1 ? candidates[0] : null);
        if (chosen is null || IsObsoleteAsError(chosen))
        {
            return false;
        }
        return TypeShapes.FindAttribute(chosen, KnownNames.SetsRequiredMembersAttribute) is not null || !HasRequiredMembers(type);
    }

    private static bool IsObsoleteAsError(IMethodSymbol constructor)
        => TypeShapes.FindAttribute(constructor, KnownNames.ObsoleteAttribute) is { } obsolete &&
           obsolete.ConstructorArguments.Length == 2 && obsolete.ConstructorArguments[1].Value is true;

    private static bool HasRequiredMembers(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
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
