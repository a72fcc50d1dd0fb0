// The one place that decides whether the generated registration (AddRiverJobsFromThisAssembly) can register a
// Worker<T> class. The generator registers a worker only when this says yes; analyzer RIVER0031 (RIVER0038 for a
// file-local class) reports the reason when it says no. Self-contained (Roslyn, the BCL, KnownNames, TypeShapes and
// ArgsTypeEligibility, netstandard2.0) so River.Analyzers
// compiles it in through a linked <Compile> item.
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace River.Generators.Parsing;

/// <summary>Why the generated registration leaves a class deriving from <c>Worker&lt;T&gt;</c> out.</summary>
internal enum WorkerProblem
{
    /// <summary>It is registered.</summary>
    None = 0,

    /// <summary>The class is abstract: only a concrete subclass can be registered.</summary>
    Abstract,

    /// <summary>The class is generic: the registration needs one closed type.</summary>
    Generic,

    /// <summary>The class, or a class it is nested in, is private or protected: generated code cannot name it.</summary>
    NotAccessible,

    /// <summary>
    /// The class, or a class it is nested in, is <c>file</c>-local: the generated registration (another file) cannot
    /// name it. Reported as RIVER0038 rather than RIVER0031.
    /// </summary>
    FileLocal,

    /// <summary>No public constructor.</summary>
    NoPublicConstructor,

    /// <summary>Two or more public constructors and none is <c>[ActivatorUtilitiesConstructor]</c>.</summary>
    AmbiguousConstructors,

    /// <summary>Two or more public constructors are <c>[ActivatorUtilitiesConstructor]</c>.</summary>
    SeveralMarkedConstructors,

    /// <summary>A parameter of the picked constructor is <c>ref</c>, <c>out</c> or <c>in</c>.</summary>
    RefParameter,

    /// <summary>A <c>[FromKeyedServices]</c> parameter has no constant key.</summary>
    KeyedServiceWithoutKey,

    /// <summary>The args type is in a referenced assembly that has no generated registry (<c>[assembly: RiverJobRegistry]</c>).</summary>
    ArgsNotInRegistry,
}

/// <summary>The answer of <see cref="WorkerRegistration.Check"/>.</summary>
internal readonly struct WorkerVerdict
{
    public WorkerVerdict(WorkerProblem problem, IMethodSymbol? constructor = null, IParameterSymbol? parameter = null,
        IReadOnlyList<IMethodSymbol>? constructors = null, IPropertySymbol? registryProperty = null)
    {
        Problem = problem;
        Constructor = constructor;
        Parameter = parameter;
        Constructors = constructors ?? [];
        RegistryProperty = registryProperty;
    }

    public WorkerProblem Problem { get; }

    /// <summary>The constructor the registration calls (<see cref="WorkerProblem.None"/>, <see cref="WorkerProblem.RefParameter"/>,
    /// <see cref="WorkerProblem.KeyedServiceWithoutKey"/>).</summary>
    public IMethodSymbol? Constructor { get; }

    /// <summary>The parameter at fault (<see cref="WorkerProblem.RefParameter"/>, <see cref="WorkerProblem.KeyedServiceWithoutKey"/>).</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>The public constructors in question (<see cref="WorkerProblem.AmbiguousConstructors"/>: all of them;
    /// <see cref="WorkerProblem.SeveralMarkedConstructors"/>: the marked ones).</summary>
    public IReadOnlyList<IMethodSymbol> Constructors { get; }

    /// <summary>For args of a referenced assembly: the registry property holding their definition.</summary>
    public IPropertySymbol? RegistryProperty { get; }

    public bool IsRegistered => Problem == WorkerProblem.None;

    /// <summary>The reason and its fix in words, for RIVER0031's message; null when <see cref="IsRegistered"/>.</summary>
    public string? Reason => Problem switch
    {
        WorkerProblem.None => null,
        WorkerProblem.Abstract => "it is abstract and no concrete class in this project derives from it; add one, or make it non-abstract",
        WorkerProblem.Generic => "it is generic and no non-generic class of this project derives from it; derive one (class SendEmailWorker : MyWorker<SendEmail>)",
        WorkerProblem.NotAccessible => "it is private or protected (or nested in such a class), so generated code cannot create it; make it public or internal",
        WorkerProblem.FileLocal => "it is file-local (or nested in a file-local class), so generated code in another file cannot name it; make it internal",
        WorkerProblem.NoPublicConstructor => "it has no public constructor; make a constructor public",
        WorkerProblem.AmbiguousConstructors => $"it has {Constructors.Count} public constructors and none is [ActivatorUtilitiesConstructor]; mark the one to use",
        WorkerProblem.SeveralMarkedConstructors => $"{Constructors.Count} public constructors are [ActivatorUtilitiesConstructor]; keep the attribute on one",
        WorkerProblem.RefParameter => $"parameter '{Parameter?.Name}' of its constructor is ref, out or in, which a service cannot be passed as; pass it by value",
        WorkerProblem.KeyedServiceWithoutKey => $"parameter '{Parameter?.Name}' is [FromKeyedServices] without a constant key; give the attribute a key",
        _ => "its args type comes from an assembly without River's generated registry; reference River.Runtime (its generator) in that project, or register the worker by hand",
    };
}

/// <summary>
/// Whether <c>AddRiverJobsFromThisAssembly()</c> registers a class deriving from <c>Worker&lt;T&gt;</c> whose
/// <c>T</c> has <c>[JobArgs]</c>: a non-abstract, non-generic class its assembly can name, with one public
/// constructor or one public <c>[ActivatorUtilitiesConstructor]</c> (the rule of
/// <c>ActivatorUtilities.CreateInstance</c>, without its "longest satisfiable" guess, which needs the container at
/// run time), whose parameters are by value and whose <c>[FromKeyedServices]</c> keys are constants.
/// </summary>
internal static class WorkerRegistration
{
    /// <param name="type">The worker class.</param>
    /// <param name="args">Its <c>T</c>.</param>
    public static WorkerVerdict Check(INamedTypeSymbol type, INamedTypeSymbol args)
    {
        if (type.IsAbstract)
        {
            return new WorkerVerdict(WorkerProblem.Abstract);
        }
        if (type.IsGenericType)
        {
            return new WorkerVerdict(WorkerProblem.Generic);
        }
        // Whether generated code in another file of the worker's assembly can name it: the args types' rule.
        switch (ArgsTypeEligibility.NamingProblem(type))
        {
            case ArgsTypeProblem.FileLocal:
                return new WorkerVerdict(WorkerProblem.FileLocal);
            case ArgsTypeProblem.Inaccessible:
                return new WorkerVerdict(WorkerProblem.NotAccessible);
        }
        IPropertySymbol? registryProperty = null;
        if (!SymbolEqualityComparer.Default.Equals(args.ContainingAssembly, type.ContainingAssembly))
        {
            registryProperty = FindRegistryProperty(args);
            if (registryProperty is null)
            {
                return new WorkerVerdict(WorkerProblem.ArgsNotInRegistry);
            }
        }

        var publicOnes = new List<IMethodSymbol>();
        var marked = new List<IMethodSymbol>();
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }
            publicOnes.Add(constructor);
            if (TypeShapes.HasAttribute(constructor, KnownNames.ActivatorUtilitiesConstructorAttribute))
            {
                marked.Add(constructor);
            }
        }
        if (publicOnes.Count == 0)
        {
            return new WorkerVerdict(WorkerProblem.NoPublicConstructor);
        }
        if (marked.Count > 1)
        {
            return new WorkerVerdict(WorkerProblem.SeveralMarkedConstructors, constructors: marked);
        }
        if (marked.Count == 0 && publicOnes.Count > 1)
        {
            return new WorkerVerdict(WorkerProblem.AmbiguousConstructors, constructors: publicOnes);
        }
        var picked = marked.Count == 1 ? marked[0] : publicOnes[0];
        foreach (var parameter in picked.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                return new WorkerVerdict(WorkerProblem.RefParameter, picked, parameter);
            }
            if (TypeShapes.FindAttribute(parameter, KnownNames.FromKeyedServicesAttribute) is { } keyed &&
                (keyed.ConstructorArguments.Length != 1 || keyed.ConstructorArguments[0].Value is null))
            {
                return new WorkerVerdict(WorkerProblem.KeyedServiceWithoutKey, picked, parameter);
            }
        }
        return new WorkerVerdict(WorkerProblem.None, picked, registryProperty: registryProperty);
    }

    /// <summary>The <c>T</c> of the first <c>River.Worker&lt;T&gt;</c> or <c>River.BatchWorker&lt;T&gt;</c> in the base chain, or null.</summary>
    public static ITypeSymbol? FindArgsType(INamedTypeSymbol type) => FindArgsType(type, out _);

    /// <summary>
    /// The <c>T</c> of the first <c>River.Worker&lt;T&gt;</c> or <c>River.BatchWorker&lt;T&gt;</c> in the base chain, or
    /// null; <paramref name="isBatch"/> tells which of the two.
    /// </summary>
    public static ITypeSymbol? FindArgsType(INamedTypeSymbol type, out bool isBatch)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (b.IsGenericType)
            {
                var name = TypeShapes.MetadataName(b.OriginalDefinition);
                if (name == KnownNames.Worker || name == KnownNames.BatchWorker)
                {
                    isBatch = name == KnownNames.BatchWorker;
                    return b.TypeArguments[0];
                }
            }
        }
        isBatch = false;
        return null;
    }

    /// <summary>
    /// The <c>[BatchSize]</c> of a worker class or of the nearest base class that has one (the attribute is inherited):
    /// its max size and collection window in milliseconds as written, or null when there is none.
    /// </summary>
    public static (int MaxSize, int WindowMilliseconds)? FindBatchSize(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (TypeShapes.FindAttribute(t, KnownNames.BatchSizeAttribute) is { } attribute)
            {
                var maxSize = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int size ? size : 0;
                var window = 0;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "CollectionWindowMilliseconds" && named.Value.Value is int ms)
                    {
                        window = ms;
                    }
                }
                return (maxSize, window);
            }
        }
        return null;
    }

    /// <summary>The static property of the referenced assembly's generated registry that holds the definition of <paramref name="args"/>.</summary>
    private static IPropertySymbol? FindRegistryProperty(INamedTypeSymbol args)
    {
        AttributeData? registryAttribute = null;
        foreach (var attribute in args.ContainingAssembly.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && TypeShapes.MetadataName(c) == KnownNames.RiverJobRegistryAttribute)
            {
                registryAttribute = attribute;
                break;
            }
        }
        if (registryAttribute is null || registryAttribute.ConstructorArguments.Length == 0 ||
            registryAttribute.ConstructorArguments[0].Value is not INamedTypeSymbol registry)
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
                return property;
            }
        }
        return null;
    }
}
