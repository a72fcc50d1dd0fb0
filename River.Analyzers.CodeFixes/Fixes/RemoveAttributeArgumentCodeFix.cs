using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>RIVER0050: removes <c>MaxAttempts = 0</c> from <c>[JobArgs]</c>, which is what it means (unset).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAttributeArgumentCodeFix))]
public sealed class RemoveAttributeArgumentCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ZeroMaxAttemptsMeansDefault);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = await SyntaxFixes.FindNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (node?.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is not { NameEquals: not null, Parent: AttributeArgumentListSyntax list } argument)
            {
                continue;
            }
            var document = context.Document;
            SyntaxFixes.Register(context, diagnostic, $"Remove {argument.NameEquals.Name.Identifier.ValueText} = 0 (use the client's default)", async ct =>
            {
                var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                var newList = list.WithArguments(list.Arguments.Remove(argument));
                return document.WithSyntaxRoot(root!.ReplaceNode(list, newList));
            });
        }
    }
}
