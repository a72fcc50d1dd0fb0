namespace River.Generators.Model;

/// <summary>A concrete <c>Worker&lt;T&gt;</c> and how to construct it from a service provider.</summary>
/// <param name="TypeName">The fully qualified worker type.</param>
/// <param name="ArgsTypeName">The fully qualified args type <c>T</c>.</param>
/// <param name="ExternalDefinition">For args defined in a referenced assembly: the expression of its generated definition; <see langword="null"/> for this assembly's args.</param>
/// <param name="Parameters">The constructor's parameters, in order.</param>
/// <param name="IsBatch">A <c>BatchWorker&lt;T&gt;</c> rather than a <c>Worker&lt;T&gt;</c>.</param>
/// <param name="HasBatchSize">It (or a base class) has <c>[BatchSize]</c>; without it the runtime's defaults apply.</param>
/// <param name="BatchMaxSize">Its <c>[BatchSize]</c> max size as written (the runtime and RIVER0060 check it).</param>
/// <param name="BatchWindowMilliseconds">Its <c>[BatchSize]</c> collection window in milliseconds, 0 for none.</param>
internal sealed record WorkerModel(
    string TypeName,
    string ArgsTypeName,
    string? ExternalDefinition,
    EquatableArray<WorkerParameterModel> Parameters,
    bool IsBatch = false,
    bool HasBatchSize = false,
    int BatchMaxSize = 0,
    int BatchWindowMilliseconds = 0);

/// <summary>How a worker constructor parameter is resolved.</summary>
internal enum WorkerParameterKind
{
    /// <summary><c>GetRequiredService&lt;T&gt;()</c>.</summary>
    Required,
    /// <summary>An optional parameter: the service when registered, else its default value.</summary>
    Optional,
    /// <summary>The <c>IServiceProvider</c> itself.</summary>
    ServiceProvider,
    /// <summary><c>[FromKeyedServices(key)]</c>: <c>GetRequiredKeyedService&lt;T&gt;(key)</c>.</summary>
    Keyed,
}

/// <param name="TypeName">The fully qualified parameter type.</param>
/// <param name="Kind">How it is resolved.</param>
/// <param name="Literal">The default value (Optional) or service key (Keyed) as a C# literal.</param>
/// <param name="IsValueType">Whether the parameter type is a value type.</param>
internal sealed record WorkerParameterModel(string TypeName, WorkerParameterKind Kind, string? Literal, bool IsValueType);
