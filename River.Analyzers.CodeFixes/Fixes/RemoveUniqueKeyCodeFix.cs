using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0010: removes <c>[UniqueKey]</c> from a property that is not serialized (it can never be part of the unique
/// key, which is computed from the stored JSON). On a property declaration or a positional record parameter
/// (<c>[property: UniqueKey]</c>); an attribute list left empty goes with it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveUniqueKeyCodeFix))]
public sealed class RemoveUniqueKeyCodeFix : CodeFixProvider
{
    /// <summary>The action's title.</summary>
    public const string Title = "Remove [UniqueKey]";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UniqueKeyOnIgnoredProperty);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = await SyntaxFixes.FindNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            var lists = node?.AncestorsAndSelf().Select(AttributeLists).FirstOrDefault(l => l.Count > 0);
            var attribute = lists?.SelectMany(l => l.Attributes).FirstOrDefault(IsUniqueKey);
            if (attribute?.Parent is not AttributeListSyntax list)
            {
                continue;
            }
            var document = context.Document;
            SyntaxFixes.Register(context, diagnostic, Title, async ct =>
            {
                var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                var newRoot = list.Attributes.Count == 1
                    ? root!.RemoveNode(list, SyntaxRemoveOptions.KeepExteriorTrivia)
                    : root!.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
                return document.WithSyntaxRoot(newRoot!);
            });
        }
    }

    private static SyntaxList<AttributeListSyntax> AttributeLists(SyntaxNode node) => node switch
    {
        PropertyDeclarationSyntax property => property.AttributeLists,
        ParameterSyntax parameter => parameter.AttributeLists,
        _ => default,
    };

    private static bool IsUniqueKey(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => "",
        };
        return name is "UniqueKey" or "UniqueKeyAttribute";
    }
}
