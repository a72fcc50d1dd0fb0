using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace River.Generators.Parsing;

/// <summary>C# literals of constant values, for default parameter values and attribute arguments.</summary>
internal static class Literals
{
    /// <summary>The default value of an optional parameter as a C# expression.</summary>
    public static string DefaultValue(IParameterSymbol parameter)
    {
        var type = parameter.Type;
        var value = parameter.ExplicitDefaultValue;
        if (value is null)
        {
            return type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
                ? "default(" + TypeNames.Of(type) + ")"
                : "null";
        }
        var underlying = type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
            ? ((INamedTypeSymbol)type).TypeArguments[0]
            : type;
        var literal = Constant(value);
        return underlying.TypeKind == TypeKind.Enum ? "(" + TypeNames.Of(underlying) + ")(" + literal + ")" : "(" + TypeNames.Of(type) + ")(" + literal + ")";
    }

    /// <summary>A C# literal of a primitive constant.</summary>
    public static string Constant(object value) => value switch
    {
        string s => String(s),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => b ? "true" : "false",
        float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity" : f.ToString("R", CultureInfo.InvariantCulture) + "F",
        double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity" : d.ToString("R", CultureInfo.InvariantCulture) + "D",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException("Unsupported constant " + value.GetType()),
    };

    /// <summary>A member name as written in C#: keywords get the <c>@</c> prefix.</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A quoted, escaped C# string literal.</summary>
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
