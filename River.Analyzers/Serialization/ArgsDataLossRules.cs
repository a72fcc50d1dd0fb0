using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using River.Analyzers.Diagnostics;
using River.Generators.Model;
using River.Generators.Parsing;

namespace River.Analyzers.Serialization;

/// <summary>
/// What the generated serializer (and System.Text.Json) silently drops or changes in an args type, read from the
/// generator's own layout (<see cref="TypeShapes.TryGetObjectLayout"/>): public fields (RIVER0033), auto-properties
/// written but never read back (RIVER0034), and <c>DateTime</c> values, whose kind and zone do not survive (RIVER0035).
/// </summary>
internal static class ArgsDataLossRules
{
    public static void Report(SymbolAnalysisContext context, INamedTypeSymbol type, ObjectLayout layout)
    {
        foreach (var field in layout.DroppedFields)
        {
            // Inherited fields are reported on the type: the base may not be the user's to change.
            var own = SymbolEqualityComparer.Default.Equals(field.ContainingType, type) && !field.Locations.IsEmpty && field.Locations[0].IsInSource;
            context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.PublicFieldNotSerialized, own ? field.Locations[0] : type.Locations[0], field.Name, type.Name));
        }
        foreach (var property in layout.Properties)
        {
            var symbol = property.Property;
            var own = SymbolEqualityComparer.Default.Equals(symbol.ContainingType, type);
            var location = own && symbol.Locations[0].IsInSource ? symbol.Locations[0] : type.Locations[0];
            if (property.CanRead && property.SetMode == PropertySetMode.None && IsAutoProperty(symbol))
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.PropertyNotReadBack, location, symbol.Name, type.Name));
            }
            if (IsDateTime(symbol.Type))
            {
                context.ReportDiagnostic(Diagnostic.Create(RiverDiagnostics.DateTimeLosesKind, location, symbol.Name, type.Name));
            }
        }
    }

    /// <summary>
    /// A property with a compiler-generated backing field (accessors without bodies): its value is data. A computed
    /// property (<c>=&gt; A + B</c>) is recomputed after reading and loses nothing.
    /// </summary>
    private static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors } &&
                accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary><c>DateTime</c>, <c>DateTime?</c>, or an array or generic collection of them.</summary>
    private static bool IsDateTime(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }
        if (type.SpecialType == SpecialType.System_DateTime)
        {
            return true;
        }
        return type switch
        {
            IArrayTypeSymbol array => IsDateTime(array.ElementType),
            INamedTypeSymbol { IsGenericType: true } generic => generic.TypeArguments.Length > 0 && IsDateTime(generic.TypeArguments[generic.TypeArguments.Length - 1]),
            _ => false,
        };
    }
}
