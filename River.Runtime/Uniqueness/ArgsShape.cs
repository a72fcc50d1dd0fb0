using System.ComponentModel;

namespace River.Uniqueness;

/// <summary>
/// Where a kind's encoded args hold values that Go's <c>encoding/json</c> writes differently from System.Text.Json:
/// dictionaries (Go sorts map keys), <see cref="DateTimeOffset"/>/<see cref="DateTime"/> values (Go writes a zero
/// offset as <c>Z</c>) and <see cref="double"/>/<see cref="float"/> values (Go writes <c>1e+21</c> where .NET writes
/// <c>1E+21</c>, and plain digits up to 1e21). The unique key's canonical args are written through it, so a kind made
/// unique by args hashes what River Go hashes for the equivalent Go value; stored args are not changed.
/// </summary>
/// <remarks>
/// Emitted by the source generator for every kind with unique options (plumbing: not meant to be written by hand).
/// A definition without a shape hashes values as written (apart from Go's string escaping).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ArgsShape
{
    private Dictionary<string, ArgsShape>? _members;

    private ArgsShape(ArgsShapeKind kind, ArgsShape? element)
    {
        Kind = kind;
        Element = element;
    }

    /// <summary>A value kept as written (numbers, strings, booleans, and containers without any of the other shapes).</summary>
    public static ArgsShape Verbatim { get; } = new(ArgsShapeKind.Verbatim, null);

    /// <summary>A date and time (<see cref="DateTimeOffset"/>, <see cref="DateTime"/>): a zero offset is written <c>Z</c>, as Go's <c>time.Time</c>.</summary>
    public static ArgsShape Time { get; } = new(ArgsShapeKind.Time, null);

    /// <summary>A <see cref="double"/>: written as Go writes a <c>float64</c>.</summary>
    public static ArgsShape Float64 { get; } = new(ArgsShapeKind.Float64, null);

    /// <summary>A <see cref="float"/>: written as Go writes a <c>float32</c>.</summary>
    public static ArgsShape Float32 { get; } = new(ArgsShapeKind.Float32, null);

    /// <summary>A dictionary whose values have shape <paramref name="values"/>: keys sorted by their UTF-8 bytes, as Go sorts map keys.</summary>
    public static ArgsShape Map(ArgsShape values) => new(ArgsShapeKind.Map, values ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>An array (list, set) whose elements have shape <paramref name="elements"/>, in the order written.</summary>
    public static ArgsShape List(ArgsShape elements) => new(ArgsShapeKind.List, elements ?? throw new ArgumentNullException(nameof(elements)));

    /// <summary>An object (record, class) whose members are given by <see cref="Define"/> (in two steps, so recursive types can refer to themselves).</summary>
    public static ArgsShape NewObject() => new(ArgsShapeKind.Object, null);

    /// <summary>Sets an object's members: JSON names and their shapes (names not listed are kept as written).</summary>
    public void Define(string[] names, ArgsShape[] members)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(members);
        if (Kind != ArgsShapeKind.Object || _members is not null)
            throw new InvalidOperationException("Define applies once, to a shape made by NewObject.");
        if (names.Length != members.Length)
            throw new ArgumentException("names and members must have the same length.", nameof(members));
        var map = new Dictionary<string, ArgsShape>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
            map.TryAdd(names[i], members[i] ?? Verbatim);
        _members = map;
    }

    internal ArgsShapeKind Kind { get; }

    internal ArgsShape? Element { get; }

    /// <summary>The shape of an object member (<see cref="Verbatim"/> when unknown).</summary>
    internal ArgsShape Member(string name)
        => _members is not null && _members.TryGetValue(name, out var shape) ? shape : Verbatim;
}

/// <summary>What an <see cref="ArgsShape"/> describes.</summary>
internal enum ArgsShapeKind
{
    Verbatim,
    Time,
    Float64,
    Float32,
    Map,
    List,
    Object,
}
