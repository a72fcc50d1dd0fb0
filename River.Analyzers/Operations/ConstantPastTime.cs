using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace River.Analyzers.Operations;

/// <summary>
/// Recognizes a point in time that is in the past whenever the code runs, whatever the clock says:
/// <c>DateTimeOffset.MinValue</c>, <c>DateTimeOffset.UnixEpoch</c>, <c>default(DateTimeOffset)</c> (also <c>default</c>
/// and <c>new DateTimeOffset()</c>) and the same of <c>DateTime</c> converted to <c>DateTimeOffset</c>. A time written as
/// a date (<c>new DateTimeOffset(2020, 1, 1, …)</c>) is left alone: whether it has passed depends on the build's clock,
/// and a diagnostic must not change with the day a project is built.
/// </summary>
internal static class ConstantPastTime
{
    /// <summary>How the code names the time (for the message), or <see langword="null"/> when it is not always past.</summary>
    public static string? Describe(IOperation? operation)
    {
        switch (operation)
        {
            case IConversionOperation conversion:
                return Describe(conversion.Operand);
            case IParenthesizedOperation parenthesized:
                return Describe(parenthesized.Operand);
            case IFieldReferenceOperation { Field: { IsStatic: true, Name: "MinValue" or "UnixEpoch" } field } when IsTime(field.ContainingType):
                return field.ContainingType.Name + "." + field.Name;
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "UnixEpoch" } property } when IsTime(property.ContainingType):
                return property.ContainingType.Name + ".UnixEpoch";
            case IDefaultValueOperation { Type: { } type } when IsTime(type):
                return "default(" + type.Name + ")";
            case IObjectCreationOperation { Type: { } type, Arguments.Length: 0, Initializer: null } when IsTime(type):
                return "new " + type.Name + "()";
            default:
                return null;
        }
    }

    private static bool IsTime(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "DateTimeOffset" or "DateTime", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
