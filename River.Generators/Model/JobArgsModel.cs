namespace River.Generators.Model;

/// <summary>Everything the generator emits for one <c>[JobArgs]</c> type.</summary>
/// <param name="TypeName">The fully qualified args type.</param>
/// <param name="SimpleName">The type's name, for the registry property.</param>
/// <param name="IsPublic">Whether the type is public (else its registry property is internal).</param>
/// <param name="Kind">The job kind.</param>
/// <param name="Defaults">Insert defaults from the attribute.</param>
/// <param name="Unique">Uniqueness from <c>[UniqueJob]</c>, or <see langword="null"/>.</param>
/// <param name="JsonContext">The type's own <c>JsonContext</c> (fully qualified), or <see langword="null"/>.</param>
/// <param name="Shape">The args' shape: <see cref="ShapeKind.Object"/>, or <see cref="ShapeKind.Unsupported"/> (serialized by the context).</param>
/// <param name="Objects">Every object shape reachable from the args, sorted by id.</param>
/// <param name="Periodic">The <c>[PeriodicJob]</c> declaration, or <see langword="null"/> when there is none or the type cannot be built with <c>new T()</c>.</param>
internal sealed record JobArgsModel(
    string TypeName,
    string SimpleName,
    bool IsPublic,
    string Kind,
    JobDefaultsModel Defaults,
    UniqueModel? Unique,
    string? JsonContext,
    TypeShapeModel Shape,
    EquatableArray<ObjectModel> Objects,
    PeriodicModel? Periodic);

/// <summary>Values of <c>[JobArgs]</c>'s named arguments (<see langword="null"/>/0 when unset).</summary>
internal sealed record JobDefaultsModel(string? Queue, int Priority, int MaxAttempts, EquatableArray<string>? Tags, bool Pending,
    FlowModel? Flow = null, SequenceModel? Sequence = null)
{
    public bool IsEmpty => Queue is null && Priority == 0 && MaxAttempts == 0 && Tags is null && !Pending && Flow is null && Sequence is null;
}

/// <summary>
/// Values of <c>[ConcurrencyLimit]</c> and <c>[RateLimit]</c> (0 when unset), emitted as they are written: the runtime
/// checks them when a client is built and the analyzers report them (RIVER0053, RIVER0054).
/// </summary>
internal sealed record FlowModel(int MaxRunning, string? PartitionBy, int RateCount, double RatePeriodSeconds, int RateBurst, bool HasRate);

/// <summary>Values of <c>[Sequence]</c>.</summary>
internal sealed record SequenceModel(string? By, int OnFailure);

/// <summary>Values of <c>[UniqueJob]</c>, with the JSON paths of the <c>[UniqueKey]</c> members.</summary>
/// <param name="ByState">The states' numeric values, or <see langword="null"/> for the default set.</param>
/// <param name="ArgPaths">Member paths as sequences of C# property names, resolved to JSON names when emitted.</param>
internal sealed record UniqueModel(
    bool ByArgs,
    long ByPeriodSeconds,
    bool ByQueue,
    EquatableArray<int>? ByState,
    bool ExcludeKind,
    EquatableArray<UniqueKeyPathModel> ArgPaths);

/// <summary>One <c>[UniqueKey]</c> member path: the object ids and property names walked from the args type.</summary>
internal sealed record UniqueKeyPathModel(EquatableArray<UniqueKeySegmentModel> Segments);

/// <summary>One step of a unique-key path: a property of an object model.</summary>
internal sealed record UniqueKeySegmentModel(string ObjectId, int PropertyIndex);
