// The one rule for which types a [JobArgs] attribute may mark: the generator skips exactly these types and the
// analyzers report exactly these (RIVER0012, RIVER0013, RIVER0030). Self-contained (Roslyn and the BCL only,
// netstandard2.0) so the analyzers project can compile it in through a linked <Compile> item.
using Microsoft.CodeAnalysis;

namespace River.Generators.Parsing;

/// <summary>Why a type cannot be job args, or <see cref="None"/>.</summary>
internal enum ArgsTypeProblem
{
    None,
    /// <summary>The type or a type it is nested in has type parameters: a kind needs one closed type.</summary>
    Generic,
    /// <summary>A struct, interface, enum or delegate.</summary>
    NotAClass,
    Static,
    Abstract,
    /// <summary>The type or a type it is nested in is private, protected or private protected.</summary>
    Inaccessible,
    /// <summary>
    /// The type or a type it is nested in is <c>file</c>-local: its name means nothing outside its own file, so the
    /// generated registry and serializer (other files) cannot refer to it.
    /// </summary>
    FileLocal,
}

/// <summary>Decides whether generated code in the type's own assembly can create and name a <c>[JobArgs]</c> type.</summary>
internal static class ArgsTypeEligibility
{
    public static ArgsTypeProblem Problem(INamedTypeSymbol type)
    {
        if (type.IsGenericType)
        {
            return ArgsTypeProblem.Generic; // Roslyn: true also when a containing type has type parameters
        }
        if (type.TypeKind != TypeKind.Class)
        {
            return ArgsTypeProblem.NotAClass;
        }
        if (type.IsStatic)
        {
            return ArgsTypeProblem.Static;
        }
        if (type.IsAbstract)
        {
            return ArgsTypeProblem.Abstract;
        }
        return NamingProblem(type);
    }

    /// <summary>
    /// Whether generated code in another file of the type's assembly can name the type (args types and workers):
    /// <see cref="ArgsTypeProblem.None"/>, <see cref="ArgsTypeProblem.FileLocal"/> or <see cref="ArgsTypeProblem.Inaccessible"/>.
    /// </summary>
    public static ArgsTypeProblem NamingProblem(INamedTypeSymbol type)
    {
        for (ISymbol? s = type; s is INamedTypeSymbol t; s = t.ContainingType)
        {
            if (t.IsFileLocal)
            {
                return ArgsTypeProblem.FileLocal;
            }
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return ArgsTypeProblem.Inaccessible;
            }
        }
        return ArgsTypeProblem.None;
    }

    /// <summary>The reason for a RIVER0012 message (the problems other than <see cref="ArgsTypeProblem.Generic"/> and <see cref="ArgsTypeProblem.FileLocal"/>).</summary>
    public static string Describe(ArgsTypeProblem problem, INamedTypeSymbol type) => problem switch
    {
        ArgsTypeProblem.NotAClass => "a " + type.TypeKind.ToString().ToLowerInvariant() + " cannot be job args; use a class or record",
        ArgsTypeProblem.Static => "a static class has no instances",
        ArgsTypeProblem.Abstract => "an abstract class cannot be created when a job is read",
        ArgsTypeProblem.Inaccessible => "it must be public or internal (and so must any type it is nested in), so generated code can name it",
        ArgsTypeProblem.Generic => "it is generic; a kind needs one closed type",
        ArgsTypeProblem.FileLocal => "it is file-local; generated code in other files cannot name it",
        _ => "",
    };
}
