// These types exercise every shape the generated serializer handles, lossy ones included (DateTime, get-only properties).
#pragma warning disable RIVER0034, RIVER0035
using System.Text.Json.Serialization;

namespace River.Runtime.Tests.Generated;

// Job args covering every shape the generated serializer supports. The tests compare what the generated
// code writes and reads with reflection-based System.Text.Json over the same types and naming policy.

public enum Color { Red, Green = 5, Blue = -3 }

public enum Huge : ulong { None = 0, Max = ulong.MaxValue }

public enum Tiny : byte { One = 1, Big = 200 }

[Flags]
public enum Permissions : short { None = 0, Read = 1, Write = 2, All = Read | Write }

public enum Wide : long { Min = long.MinValue, Max = long.MaxValue }

[JobArgs("test.scalars")]
public sealed class Scalars
{
    public bool Flag { get; set; }
    public byte U8 { get; set; }
    public sbyte I8 { get; set; }
    public short I16 { get; set; }
    public ushort U16 { get; set; }
    public int I32 { get; set; }
    public uint U32 { get; set; }
    public long I64 { get; set; }
    public ulong U64 { get; set; }
    public float F32 { get; set; }
    public double F64 { get; set; }
    public decimal Money { get; set; }
    public string? Text { get; set; }
    public char Letter { get; set; }
    public Guid Id { get; set; }
    public DateTime When { get; set; }
    public DateTimeOffset WhenOffset { get; set; }
    public DateOnly Day { get; set; }
    public TimeOnly Clock { get; set; }
    public TimeSpan Span { get; set; }
    public Color Color { get; set; }
    public Huge Huge { get; set; }
    public Tiny Tiny { get; set; }
    public Permissions Permissions { get; set; }
    public Wide Wide { get; set; }
}

[JobArgs("test.nullables")]
public sealed class Nullables
{
    public bool? Flag { get; set; }
    public byte? U8 { get; set; }
    public short? I16 { get; set; }
    public int? I32 { get; set; }
    public long? I64 { get; set; }
    public ulong? U64 { get; set; }
    public float? F32 { get; set; }
    public double? F64 { get; set; }
    public decimal? Money { get; set; }
    public char? Letter { get; set; }
    public Guid? Id { get; set; }
    public DateTime? When { get; set; }
    public DateTimeOffset? WhenOffset { get; set; }
    public DateOnly? Day { get; set; }
    public TimeOnly? Clock { get; set; }
    public TimeSpan? Span { get; set; }
    public Color? Color { get; set; }
    public string? Text { get; set; }
    public byte[]? Bytes { get; set; }
}

[JobArgs("test.collections")]
public sealed class Collections
{
    public int[]? Ints { get; set; }
    public List<string?>? Strings { get; set; }
    public IList<Guid>? Guids { get; set; }
    public IReadOnlyList<double>? Doubles { get; set; }
    public IEnumerable<long>? Longs { get; set; }
    public ICollection<char>? Chars { get; set; }
    public IReadOnlyCollection<decimal>? Decimals { get; set; }
    public Dictionary<string, int>? Counts { get; set; }
    public IDictionary<string, string?>? Labels { get; set; }
    public IReadOnlyDictionary<string, List<int>>? Groups { get; set; }
    public List<List<int>>? Matrix { get; set; }
    public List<int?>? Sparse { get; set; }
    public Dictionary<string, Leaf?>? Leaves { get; set; }
    public byte[][]? Blobs { get; set; }
    public List<Color>? Colors { get; set; }
    public DateTimeOffset[]? Stamps { get; set; }
    public HashSet<string>? Names { get; set; }
    public ISet<int>? Ids { get; set; }
    public HashSet<Color>? Palette { get; set; }
}

/// <summary>A nested record used inside other args.</summary>
public sealed record Leaf(string Label, Color Color, List<Leaf>? Children);

[JobArgs("test.positional")]
public sealed record Positional(
    string Name,
    int Count = 7,
    Leaf? Child = null,
    [property: JsonPropertyName("custom-name")] string? Renamed = null,
    [property: JsonPropertyName("naïve ünïcode")] string? Unicode = null,
    [property: JsonPropertyName("quote\"and<tag>")] int Escaped = 0);

[JobArgs("test.members")]
public sealed class Members
{
    public required string Id { get; init; }
    public string Currency { get; init; } = "EUR";
    public int Plain { get; init; }
    [JsonRequired]
    public int MustHave { get; set; }
    public string ReadOnly => "read-only";
    [JsonIgnore]
    public int Ignored { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Maybe { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Zero { get; set; }
    public List<string> Tags { get; set; } = ["default"];
    public string PrivateSet { get; private set; } = "private";
    [JsonPropertyOrder(-1)]
    public int First { get; set; }
}

public abstract class BaseArgs
{
    public int BaseValue { get; set; }
    public virtual string Virtual { get; set; } = "";
}

[JobArgs("test.derived")]
public sealed class Derived : BaseArgs
{
    public int DerivedValue { get; set; }
    public override string Virtual { get; set; } = "";
}

[JobArgs("test.tree")]
public sealed class Tree
{
    public string Name { get; set; } = "";
    public Tree? Left { get; set; }
    public Tree? Right { get; set; }
    public List<Tree>? Forest { get; set; }
}

[JobArgs("test.ctor_class")]
public sealed class CtorClass
{
    public CtorClass(long id, string label)
    {
        Id = id;
        Label = label;
    }

    public long Id { get; }
    public string Label { get; }
    public int Extra { get; set; }
}

[JobArgs("test.empty")]
public sealed record Empty;

[JobArgs("test.unique", Queue = "uniq", Priority = 3, MaxAttempts = 9, Tags = ["tag_a", "tag-b"], Pending = true)]
[UniqueJob(ByArgs = true, ByPeriodSeconds = 60, ByQueue = true, ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled, JobState.Cancelled], ExcludeKind = true)]
public sealed record UniqueNested([property: UniqueKey] string AccountName, OrderInfo Order, [UniqueKey] int ParamMarked);

public sealed record OrderInfo([property: UniqueKey, JsonPropertyName("ID")] long Id, string Note);

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum Mood { Calm, Angry = 4, Sleepy = -2 }

[Flags]
[JsonConverter(typeof(JsonStringEnumConverter<Access>))]
public enum Access { None = 0, Read = 1, Write = 2, Admin = 8 }

[JobArgs("test.string_enums")]
public sealed class StringEnums
{
    public Mood Mood { get; set; }
    public Access Access { get; set; }
    public Mood? MaybeMood { get; set; }
    public List<Mood>? Moods { get; set; }
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public Color PropertyLevel { get; set; }
    public Color Numeric { get; set; }
}

[JobArgs("test.ignored_parameter")]
public sealed record IgnoredParameter(int A, [property: JsonIgnore] int B = 3, [property: JsonIgnore] string? C = null, [property: JsonIgnore] long D = default);

/// <summary>Keyword member names need the @ prefix in generated code.</summary>
[JobArgs("test.keywords")]
public sealed class @event
{
    public int @class { get; set; }
    public string? @default { get; init; } = "d";
    public required bool @if { get; init; }
}

[JobArgs("test.obsolete")]
public sealed class WithObsolete
{
    [Obsolete("Use Current.")]
    public int Legacy { get; set; }
    [Obsolete]
    public string? Older { get; init; }
    public int Current { get; set; }
}

[JobArgs("test.dynamic")]
public sealed record Dynamic(System.Text.Json.JsonElement Payload, System.Text.Json.JsonElement? Extra, Dictionary<string, System.Text.Json.JsonElement>? Bag);
