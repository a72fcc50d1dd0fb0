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
        if (type.IsAbstract || type.IsGenericType || ArgsTypeEligibility.NamingProblem(type) != ArgsTypeProblem.None)
        {
            return null;
        }
        var args = FindArgsType(type);
        if (args is null || TypeShapes.FindAttribute(args, KnownNames.JobArgsAttribute) is null)
        {
            return null;
        }

        string? external = null;
        if (!SymbolEqualityComparer.Default.Equals(args.ContainingAssembly, type.ContainingAssembly))
        {
            external = FindExternalDefinition(args);
            if (external is null)
            {
                return null;
            }
        }

        var constructor = FindConstructor(type);
        if (constructor is null)
        {
            return null;
        }
        var parameters = new List<WorkerParameterModel>();
        foreach (var parameter in constructor.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (parameter.RefKind != RefKind.None)
            {
                return null;
            }
            var typeName = TypeNames.Of(parameter.Type);
            if (parameter.Type is INamedTypeSymbol named && TypeShapes.MetadataName(named) == KnownNames.ServiceProvider)
            {
                parameters.Add(new WorkerParameterModel(typeName, WorkerParameterKind.ServiceProvider, null, false));
                continue;
            }
            var keyed = TypeShapes.FindAttribute(parameter, KnownNames.FromKeyedServicesAttribute);
            if (keyed is not null)
            {
                if (keyed.ConstructorArguments.Length != 1 || keyed.ConstructorArguments[0].Value is not { } key)
                {
                    return null;
                }
                parameters.Add(new WorkerParameterModel(typeName, WorkerParameterKind.Keyed, Literals.Constant(key), parameter.Type.IsValueType));
                continue;
            }
            if (parameter.HasExplicitDefaultValue)
            {
                parameters.Add(new WorkerParameterModel(TypeNames.Declared(parameter.Type), WorkerParameterKind.Optional, Literals.DefaultValue(parameter), parameter.Type.IsValueType));
                continue;
            }
            parameters.Add(new WorkerParameterModel(typeName, WorkerParameterKind.Required, null, parameter.Type.IsValueType));
        }
        return new WorkerModel(TypeNames.Of(type), TypeNames.Of(args), external, parameters.ToEquatableArray());
    }

    /// <summary>The <c>T</c> of the first <c>River.Worker&lt;T&gt;</c> in the base chain.</summary>
    private static INamedTypeSymbol? FindArgsType(INamedTypeSymbol type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.IsGenericType && TypeShapes.MetadataName(b.OriginalDefinition) == KnownNames.Worker)
            {
                return b.TypeArguments[0] as INamedTypeSymbol;
            }
        }
        return null;
    }

    /// <summary>The public constructor marked <c>[ActivatorUtilitiesConstructor]</c>, else the only public one.</summary>
    private static IMethodSymbol? FindConstructor(INamedTypeSymbol type)
    {
        var publicOnes = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
        var marked = publicOnes.Where(c => TypeShapes.HasAttribute(c, KnownNames.ActivatorUtilitiesConstructorAttribute)).ToList();
        if (marked.Count == 1)
        {
            return marked[0];
        }
        return marked.Count == 0 && publicOnes.Count == 1 ? publicOnes[0] : null;
    }

    /// <summary>The generated registry property that holds the definition of args from a referenced assembly.</summary>
    private static string? FindExternalDefinition(INamedTypeSymbol args)
    {
        var registryAttribute = args.ContainingAssembly.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass is { } c && TypeShapes.MetadataName(c) == KnownNames.RiverJobRegistryAttribute);
        if (registryAttribute?.ConstructorArguments.FirstOrDefault().Value is not INamedTypeSymbol registry)
        {
            return null;
        }
        foreach (var member in registry.GetMembers())
        {
            if (member is IPropertySymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public } property &&
                property.Type is INamedTypeSymbol { IsGenericType: true } propertyType &&
                propertyType.Name == "JobDefinition" &&
                SymbolEqualityComparer.Default.Equals(propertyType.TypeArguments[0], args))
            {
                return TypeNames.Of(registry) + "." + property.Name;
            }
        }
        return null;
    }
}
