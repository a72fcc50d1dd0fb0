using Microsoft.CodeAnalysis;

namespace River.Analyzers.Symbols;

/// <summary>
/// The well-known types the analyzers look for, resolved once per compilation. <see cref="Create"/> returns
/// <see langword="null"/> when River.Runtime is not referenced, and the analyzers then do nothing.
/// </summary>
internal sealed class RiverSymbols
{
    private RiverSymbols(Compilation compilation, INamedTypeSymbol jobArgsAttribute)
    {
        Compilation = compilation;
        JobArgsAttribute = jobArgsAttribute;
        UniqueJobAttribute = compilation.GetTypeByMetadataName("River.UniqueJobAttribute");
        PeriodicJobAttribute = compilation.GetTypeByMetadataName("River.PeriodicJobAttribute");
        UniqueKeyAttribute = compilation.GetTypeByMetadataName("River.UniqueKeyAttribute");
        RiverJsonOptionsAttribute = compilation.GetTypeByMetadataName("River.RiverJsonOptionsAttribute");
        RiverJobRegistryAttribute = compilation.GetTypeByMetadataName("River.RiverJobRegistryAttribute");
        Worker = compilation.GetTypeByMetadataName("River.Worker`1");
        BatchWorker = compilation.GetTypeByMetadataName("River.BatchWorker`1");
        BatchSizeAttribute = compilation.GetTypeByMetadataName("River.BatchSizeAttribute");
        JobBatch = compilation.GetTypeByMetadataName("River.JobBatch`1");
        InsertOptions = compilation.GetTypeByMetadataName("River.InsertOptions");
        UniqueOptions = compilation.GetTypeByMetadataName("River.UniqueOptions");
        JobState = compilation.GetTypeByMetadataName("River.JobState");
        JsonSerializerContext = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
        JsonSerializableAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        JsonIgnoreAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIgnoreAttribute");
        JsonConstructorAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonConstructorAttribute");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        RiverClient = compilation.GetTypeByMetadataName("River.RiverClient");
        RiverInserter = compilation.GetTypeByMetadataName("River.IRiverInserter");
        JobInsertRequest = compilation.GetTypeByMetadataName("River.JobInsertRequest");
        JobSnoozeException = compilation.GetTypeByMetadataName("River.JobSnoozeException");
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol JobArgsAttribute { get; }
    public INamedTypeSymbol? UniqueJobAttribute { get; }
    public INamedTypeSymbol? PeriodicJobAttribute { get; }
    public INamedTypeSymbol? UniqueKeyAttribute { get; }
    public INamedTypeSymbol? RiverJsonOptionsAttribute { get; }
    public INamedTypeSymbol? RiverJobRegistryAttribute { get; }
    public INamedTypeSymbol? Worker { get; }
    public INamedTypeSymbol? BatchWorker { get; }
    public INamedTypeSymbol? BatchSizeAttribute { get; }
    public INamedTypeSymbol? JobBatch { get; }
    public INamedTypeSymbol? InsertOptions { get; }
    public INamedTypeSymbol? UniqueOptions { get; }
    public INamedTypeSymbol? JobState { get; }
    public INamedTypeSymbol? JsonSerializerContext { get; }
    public INamedTypeSymbol? JsonSerializableAttribute { get; }
    public INamedTypeSymbol? JsonIgnoreAttribute { get; }
    public INamedTypeSymbol? JsonConstructorAttribute { get; }
    public INamedTypeSymbol? TimeSpan { get; }
    public INamedTypeSymbol? RiverClient { get; }
    public INamedTypeSymbol? RiverInserter { get; }
    public INamedTypeSymbol? JobInsertRequest { get; }
    public INamedTypeSymbol? JobSnoozeException { get; }

    public static RiverSymbols? Create(Compilation compilation)
    {
        var jobArgs = compilation.GetTypeByMetadataName("River.JobArgsAttribute");
        return jobArgs is null ? null : new RiverSymbols(compilation, jobArgs);
    }

    /// <summary>The <c>[JobArgs]</c> attribute of <paramref name="type"/>, or <see langword="null"/>.</summary>
    public AttributeData? FindJobArgs(ISymbol type) => Find(type, JobArgsAttribute);

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return null;
        }
        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return attribute;
            }
        }
        return null;
    }

    /// <summary>
    /// The T of the <c>Worker&lt;T&gt;</c> or <c>BatchWorker&lt;T&gt;</c> that <paramref name="type"/> derives from, or
    /// <see langword="null"/>.
    /// </summary>
    public ITypeSymbol? WorkerArgsType(INamedTypeSymbol type) => WorkerArgsType(type, out _);

    /// <summary>As <see cref="WorkerArgsType(INamedTypeSymbol)"/>; <paramref name="isBatch"/> tells a batch worker.</summary>
    public ITypeSymbol? WorkerArgsType(INamedTypeSymbol type, out bool isBatch)
    {
        isBatch = false;
        if (Worker is null && BatchWorker is null)
        {
            return null;
        }
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, Worker))
            {
                return current.TypeArguments[0];
            }
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, BatchWorker))
            {
                isBatch = true;
                return current.TypeArguments[0];
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="type"/> derives from <c>JsonSerializerContext</c>.</summary>
    public bool IsJsonSerializerContext(ITypeSymbol type)
    {
        if (JsonSerializerContext is null)
        {
            return false;
        }
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, JsonSerializerContext))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="context"/> carries <c>[JsonSerializable(typeof(T))]</c> for <paramref name="type"/>.</summary>
    public bool ContextListsType(INamedTypeSymbol context, ITypeSymbol type)
    {
        foreach (var attribute in context.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, JsonSerializableAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is ITypeSymbol listed
                && SymbolEqualityComparer.Default.Equals(listed, type))
            {
                return true;
            }
        }
        return false;
    }
}
