using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using River.Analyzers.Definitions;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0009: appends the missing required states to a state set written as <c>[...]</c>, <c>new[] { ... }</c>
/// or <c>new JobState[] { ... }</c>, qualified the way the set's first element is.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRequiredStatesCodeFix))]
public sealed class AddRequiredStatesCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UniqueStatesMissingRequired);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(JobArgsAnalyzer.MissingStatesProperty, out var joined) || string.IsNullOrEmpty(joined)
                || await SyntaxFixes.FindNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)
                    is not ExpressionSyntax expression)
            {
                continue;
            }
            var missing = joined!.Split(',');
            var replacement = WithStates(expression, missing);
            if (replacement is null)
            {
                continue;
            }
            var document = context.Document;
            SyntaxFixes.Register(context, diagnostic, "Add the required unique states " + string.Join(", ", missing), async ct =>
            {
                var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                return document.WithSyntaxRoot(root!.ReplaceNode(expression, replacement));
            });
        }
    }

    private static ExpressionSyntax? WithStates(ExpressionSyntax expression, string[] missing)
    {
        switch (expression)
        {
            case CollectionExpressionSyntax collection:
                var states = NewStates(Prefix(collection.Elements.Count > 0 && collection.Elements[0] is ExpressionElementSyntax first ? first.Expression : null), missing);
                var elements = new List<CollectionElementSyntax>(collection.Elements);
                foreach (var state in states)
                {
                    elements.Add(SyntaxFactory.ExpressionElement(state));
                }
                return collection.WithElements(Separated(elements, collection.Elements.GetSeparators()));
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return implicitArray.WithInitializer(Extend(implicitArray.Initializer, missing));
            case ArrayCreationExpressionSyntax { Initializer: not null } array:
                return array.WithInitializer(Extend(array.Initializer, missing));
            default:
                return null;
        }
    }

    private static InitializerExpressionSyntax Extend(InitializerExpressionSyntax initializer, string[] missing)
    {
        var expressions = new List<ExpressionSyntax>(initializer.Expressions);
        expressions.AddRange(NewStates(Prefix(initializer.Expressions.Count > 0 ? initializer.Expressions[0] : null), missing));
        return initializer.WithExpressions(Separated(expressions, initializer.Expressions.GetSeparators()));
    }

    private static SeparatedSyntaxList<T> Separated<T>(List<T> nodes, IEnumerable<SyntaxToken> existingSeparators) where T : SyntaxNode
    {
        var separators = new List<SyntaxToken>(existingSeparators);
        while (separators.Count < nodes.Count - 1)
        {
            separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        }
        return SyntaxFactory.SeparatedList(nodes, separators);
    }

    /// <summary>The qualifier of an element like <c>JobState.Available</c> (here <c>JobState</c>), if the set has one.</summary>
    private static ExpressionSyntax? Prefix(ExpressionSyntax? element)
        => element is MemberAccessExpressionSyntax { Expression: var qualifier } ? qualifier.WithoutTrivia() : null;

    private static IEnumerable<ExpressionSyntax> NewStates(ExpressionSyntax? prefix, string[] missing)
    {
        foreach (var name in missing)
        {
            if (prefix is not null)
            {
                yield return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, prefix, SyntaxFactory.IdentifierName(name));
            }
            else
            {
                yield return SyntaxFactory.ParseExpression("global::River.JobState." + name).WithAdditionalAnnotations(Simplifier.Annotation);
            }
        }
    }
}
