using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using River.Generators.Model;

namespace River.Generators.Parsing;

/// <summary>Finds concrete <c>Worker&lt;T&gt;</c> classes and how to construct them.</summary>
internal static class WorkerParser
{
    /// <summary>Cheap syntax filter: a non-static class with a base list.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken)
        => node is ClassDeclarationSyntax { BaseList: not null } declaration &&
           !declaration.Modifiers.Any(m => m.ValueText is "abstract" or "static");

    public static WorkerModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol type)
        {
            return null;
        }
        // A partial class is seen once per declaration: keep the one that declares the base list first.
        if (type.DeclaringSyntaxReferences.FirstOrDefault(r => r.GetSyntax(cancellationToken) is ClassDeclarationSyntax { BaseList: not null })?.GetSyntax(cancellationToken) != context.Node)
        {
            return null;
        }
        if (WorkerRegistration.FindArgsType(type, out var isBatch) is not INamedTypeSymbol args || TypeShapes.FindAttribute(args, KnownNames.JobArgsAttribute) is null)
        {
            return null;
        }
        // One rule with analyzers RIVER0031 and RIVER0038, which report every worker this leaves out and why.
        var verdict = WorkerRegistration.Check(type, args);
        if (!verdict.IsRegistered)
        {
            return null;
        }
        var external = verdict.RegistryProperty is { } registryProperty
            ? TypeNames.Of(registryProperty.ContainingType) + "." + registryProperty.Name
            : null;
        var constructor = verdict.Constructor!;
        var parameters = new List<WorkerParameterModel>();
        foreach (var parameter in constructor.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var typeName = TypeNames.Of(parameter.Type);
            if (parameter.Type is INamedTypeSymbol named && TypeShapes.MetadataName(named) == KnownNames.ServiceProvider)
            {
                parameters.Add(new WorkerParameterModel(typeName, WorkerParameterKind.ServiceProvider, null, false));
                continue;
            }
            var keyed = TypeShapes.FindAttribute(parameter, KnownNames.FromKeyedServicesAttribute);
            if (keyed is not null)
            {
                parameters.Add(new WorkerParameterModel(typeName, WorkerParameterKind.Keyed, Literals.Constant(keyed.ConstructorArguments[0].Value!), parameter.Type.IsValueType));
                continue;
            }
            if (parameter.HasExplicitDefaultValue)
            {
                parameters.Add(new WorkerParameterModel(TypeNames.Declared(parameter.Type), WorkerParameterKind.Optional, Literals.DefaultValue(parameter), parameter.Type.IsValueType));
                continue;
            }
            parameters.Add(new WorkerParameterModel(typeName, WorkerParameterKind.Required, null, parameter.Type.IsValueType));
        }
        var batchSize = isBatch ? WorkerRegistration.FindBatchSize(type) : null;
        return new WorkerModel(TypeNames.Of(type), TypeNames.Of(args), external, parameters.ToEquatableArray(),
            isBatch, batchSize is not null, batchSize?.MaxSize ?? 0, batchSize?.WindowMilliseconds ?? 0);
    }
}
