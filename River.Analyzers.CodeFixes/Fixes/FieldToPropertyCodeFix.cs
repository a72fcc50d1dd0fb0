using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0033: turns a public field of an args type into an auto-property that is written and read back
/// (<c>{ get; set; }</c>; <c>{ get; init; }</c> for a readonly field, which constructors may still assign), keeping
/// its initializer and attributes. A declaration of several fields becomes one property each.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FieldToPropertyCodeFix))]
public sealed class FieldToPropertyCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PublicFieldNotSerialized);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await SyntaxFixes.FindNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)
                    is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax field } })
            {
                continue; // an inherited field is reported on the type: the base is not edited
            }
            var document = context.Document;
            SyntaxFixes.Register(context, diagnostic, "Make the field a property", async ct =>
            {
                var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                return document.WithSyntaxRoot(root!.ReplaceNode(field, ToProperties(field, SyntaxFixes.NewLine(root!))));
            });
        }
    }

    private static IEnumerable<MemberDeclarationSyntax> ToProperties(FieldDeclarationSyntax field, string newLine)
    {
        // Written as text and parsed: the attributes keep their own spelling and spacing.
        var firstAfterAttributes = field.Modifiers.Count > 0 ? field.Modifiers[0].SpanStart : field.Declaration.SpanStart;
        var attributes = field.ToString().Substring(0, firstAfterAttributes - field.SpanStart);
        var modifiers = string.Join(" ", field.Modifiers.Where(m => !m.IsKind(SyntaxKind.ReadOnlyKeyword) && !m.IsKind(SyntaxKind.VolatileKeyword)).Select(m => m.Text));
        var accessors = field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) ? "{ get; init; }" : "{ get; set; }";
        var variables = field.Declaration.Variables;
        for (var i = 0; i < variables.Count; i++)
        {
            var variable = variables[i];
            var initializer = variable.Initializer is { } value ? $" = {value.Value};" : "";
            var text = $"{attributes}{modifiers} {field.Declaration.Type} {variable.Identifier.Text} {accessors}{initializer}";
            var property = SyntaxFactory.ParseMemberDeclaration(text)!;
            yield return property
                .WithLeadingTrivia(i == 0 ? field.GetLeadingTrivia() : field.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                .WithTrailingTrivia(i == variables.Count - 1 ? field.GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.EndOfLine(newLine)));
        }
    }
}
