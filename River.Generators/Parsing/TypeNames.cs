using Microsoft.CodeAnalysis;

namespace River.Generators.Parsing;

/// <summary>How type names are written into generated code.</summary>
internal static class TypeNames
{
    /// <summary><c>global::</c>-qualified, keywords for special types, nullable reference annotations kept inside.</summary>
    private static readonly SymbolDisplayFormat Format = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The fully qualified name of <paramref name="type"/> without a top-level <c>?</c> on reference types.</summary>
    public static string Of(ITypeSymbol type)
        => (type.IsReferenceType ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type).ToDisplayString(Format);

    /// <summary>The fully qualified name as declared, with a top-level <c>?</c> when annotated.</summary>
    public static string Declared(ITypeSymbol type) => type.ToDisplayString(Format);
}
