using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using River.Analyzers.Workers;
using River.Generators.Parsing;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0031 for a worker with several public constructors and none marked: one action per public constructor that
/// puts <c>[ActivatorUtilitiesConstructor]</c> on it. No Fix All: which constructor to use is each worker's choice.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkWorkerConstructorCodeFix))]
public sealed class MarkWorkerConstructorCodeFix : CodeFixProvider
{
    private const string AttributeName = "global::Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.WorkerNotRegistered);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(JobCatalogAnalyzer.ProblemProperty, out var problem) ||
                problem != nameof(WorkerProblem.AmbiguousConstructors) ||
                await SyntaxFixes.FindNodeAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } node)
            {
                continue;
            }
            var declaration = node.AncestorsAndSelf().OfType<ClassDeclarationSyntax>().FirstOrDefault();
            if (declaration is null)
            {
                continue;
            }
            var document = context.Document;
            foreach (var constructor in declaration.Members.OfType<ConstructorDeclarationSyntax>()
                         .Where(c => c.Modifiers.Any(SyntaxKind.PublicKeyword) && !c.Modifiers.Any(SyntaxKind.StaticKeyword)))
            {
                var signature = $"{constructor.Identifier.ValueText}({string.Join(", ", constructor.ParameterList.Parameters.Select(p => p.Type?.ToString()))})";
                SyntaxFixes.Register(context, diagnostic, $"Mark {signature} [ActivatorUtilitiesConstructor]", async ct =>
                {
                    var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
                    var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.Attribute(SyntaxFactory.ParseName(AttributeName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))));
                    var marked = constructor.WithAttributeLists(constructor.AttributeLists.Add(attribute))
                        .WithLeadingTrivia(constructor.GetLeadingTrivia());
                    if (constructor.AttributeLists.Count == 0)
                    {
                        // The attribute goes where the constructor's indentation was; the constructor moves to the next line.
                        marked = constructor.WithoutLeadingTrivia()
                            .WithAttributeLists(SyntaxFactory.SingletonList(attribute.WithLeadingTrivia(constructor.GetLeadingTrivia())
                                .WithTrailingTrivia(SyntaxFactory.EndOfLine(SyntaxFixes.NewLine(root!)))))
                            .WithModifiers(constructor.Modifiers.Replace(constructor.Modifiers[0],
                                constructor.Modifiers[0].WithLeadingTrivia(constructor.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))));
                    }
                    return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(root!.ReplaceNode(constructor, marked)),
                        Simplifier.AddImportsAnnotation, cancellationToken: ct).ConfigureAwait(false);
                });
            }
        }
    }
}
