using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.Symbols;

/// <summary>Reads attribute arguments and finds the exact source span of each, for precise diagnostics.</summary>
internal static class AttributeArguments
{
    /// <summary>The value of the named argument <paramref name="name"/>, if the attribute sets it.</summary>
    public static bool TryGetNamed(AttributeData attribute, string name, out TypedConstant value)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                value = pair.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>
    /// The expression of the named argument <paramref name="name"/>, or of the first positional argument when
    /// <paramref name="name"/> is <see langword="null"/>; the whole attribute when neither is found.
    /// </summary>
    public static Location Location(AttributeData attribute, string? name, CancellationToken cancellationToken)
        => Expression(attribute, name, cancellationToken)?.GetLocation() ?? AttributeLocation(attribute, cancellationToken);

    /// <summary>The element <paramref name="index"/> of an array-valued named argument, or the argument itself.</summary>
    public static Location ElementLocation(AttributeData attribute, string name, int index, CancellationToken cancellationToken)
    {
        var expression = Expression(attribute, name, cancellationToken);
        if (expression is null)
        {
            return AttributeLocation(attribute, cancellationToken);
        }
        return CollectionElements.ElementAt(expression, index)?.GetLocation() ?? expression.GetLocation();
    }

    /// <summary>The syntax of the argument, or <see langword="null"/> for an attribute from metadata.</summary>
    public static ExpressionSyntax? Expression(AttributeData attribute, string? name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax
            || syntax.ArgumentList is null)
        {
            return null;
        }
        foreach (var argument in syntax.ArgumentList.Arguments)
        {
            if (name is null)
            {
                if (argument.NameEquals is null && argument.NameColon is null)
                {
                    return argument.Expression;
                }
            }
            else if (argument.NameEquals?.Name.Identifier.ValueText == name)
            {
                return argument.Expression;
            }
        }
        return null;
    }

    /// <summary>The whole attribute application, e.g. <c>PeriodicJob("@hourly")</c>.</summary>
    public static Location AttributeLocation(AttributeData attribute, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Microsoft.CodeAnalysis.Location.None;
}
