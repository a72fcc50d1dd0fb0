using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using River.Analyzers.Definitions;

namespace River.Analyzers.CodeFixes.Fixes;

/// <summary>
/// RIVER0016: adds <c>[JsonSerializable(typeof(T))]</c> for the type the generated code needs (the args type, or
/// the unsupported type inside it) to the named <c>JsonSerializerContext</c>, which may be declared in another
/// document of the project. Contexts from referenced assemblies cannot be fixed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddJsonSerializableCodeFix))]
public sealed class AddJsonSerializableCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.JsonContextMissingType);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null; // each fix may edit another document

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return;
        }
        var serializable = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(JobArgsAnalyzer.ContextTypeProperty, out var contextId)
                || !diagnostic.Properties.TryGetValue(JobArgsAnalyzer.MissingTypeProperty, out var missingId)
                || contextId is null || missingId is null || serializable is null
                || DocumentationCommentId.GetFirstSymbolForDeclarationId(contextId, compilation) is not INamedTypeSymbol contextType
                || DocumentationCommentId.GetSymbolsForReferenceId(missingId, compilation).FirstOrDefault() is not ITypeSymbol missingType)
            {
                continue;
            }
            var declaration = contextType.DeclaringSyntaxReferences.FirstOrDefault();
            var contextDocument = declaration is null ? null : context.Document.Project.Solution.GetDocument(declaration.SyntaxTree);
            if (declaration is null || contextDocument is null)
            {
                continue;
            }
            SyntaxFixes.Register(context, diagnostic, $"Add [JsonSerializable(typeof({missingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}))] to {contextType.Name}", async ct =>
            {
                var editor = await DocumentEditor.CreateAsync(contextDocument, ct).ConfigureAwait(false);
                var generator = editor.Generator;
                var attribute = generator.Attribute(generator.TypeExpression(serializable),
                    [generator.AttributeArgument(generator.TypeOfExpression(generator.TypeExpression(missingType)))]);
                editor.AddAttribute(await declaration.GetSyntaxAsync(ct).ConfigureAwait(false), attribute);
                return editor.GetChangedDocument().Project.Solution;
            });
        }
    }
}
