using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.Symbols;

/// <summary>The element expressions of a collection written as <c>[a, b]</c>, <c>new[] { a, b }</c> or <c>new T[] { a, b }</c>.</summary>
internal static class CollectionElements
{
    /// <summary>The elements, or <see langword="null"/> when the expression is not one of those forms.</summary>
    public static IReadOnlyList<ExpressionSyntax>? Of(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case CollectionExpressionSyntax collection:
                var elements = new List<ExpressionSyntax>(collection.Elements.Count);
                foreach (var element in collection.Elements)
                {
                    if (element is not ExpressionElementSyntax item)
                    {
                        return null;
                    }
                    elements.Add(item.Expression);
                }
                return elements;
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return implicitArray.Initializer.Expressions;
            case ArrayCreationExpressionSyntax array when array.Initializer is not null:
                return array.Initializer.Expressions;
            case CastExpressionSyntax cast:
                return Of(cast.Expression);
            case ParenthesizedExpressionSyntax parenthesized:
                return Of(parenthesized.Expression);
            default:
                return null;
        }
    }

    public static ExpressionSyntax? ElementAt(ExpressionSyntax expression, int index)
    {
        var elements = Of(expression);
        return elements is not null && index < elements.Count ? elements[index] : null;
    }
}
