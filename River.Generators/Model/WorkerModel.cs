namespace River.Generators.Model;

/// <summary>A concrete <c>Worker&lt;T&gt;</c> and how to construct it from a service provider.</summary>
/// <param name="TypeName">The fully qualified worker type.</param>
/// <param name="ArgsTypeName">The fully qualified args type <c>T</c>.</param>
/// <param name="ExternalDefinition">For args defined in a referenced assembly: the expression of its generated definition; <see langword="null"/> for this assembly's args.</param>
/// <param name="Parameters">The constructor's parameters, in order.</param>
internal sealed record WorkerModel(
    string TypeName,
    string ArgsTypeName,
    string? ExternalDefinition,
    EquatableArray<WorkerParameterModel> Parameters);

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
