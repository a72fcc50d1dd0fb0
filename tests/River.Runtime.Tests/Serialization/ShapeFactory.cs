using River.Runtime.Tests.Generated;

namespace River.Runtime.Tests.Serialization;

/// <summary>Random instances of each generated args type.</summary>
internal static class ShapeFactory
{
    public static Scalars Scalars(RandomValues r) => new()
    {
        Flag = r.Bool(),
        U8 = (byte)r.Int(0, 256),
        I8 = (sbyte)r.Int(-128, 128),
        I16 = r.Pick(short.MinValue, short.MaxValue, (short)r.Int(-1000, 1000)),
        U16 = r.Pick(ushort.MinValue, ushort.MaxValue, (ushort)r.Int(0, 65536)),
        I32 = r.Int32(),
        U32 = r.Pick(uint.MinValue, uint.MaxValue, (uint)r.Int32()),
        I64 = r.Long(),
        U64 = r.ULong(),
        F32 = r.Single(),
        F64 = r.Double(),
        Money = r.Decimal(),
        Text = r.NullableString(),
        Letter = r.Char(),
        Id = r.Guid(),
        When = r.DateTime(),
        WhenOffset = r.DateTimeOffset(),
        Day = r.DateOnly(),
        Clock = r.TimeOnly(),
        Span = r.TimeSpan(),
        Color = r.Color(),
        Huge = r.Pick(Huge.None, Huge.Max, (Huge)r.ULong()),
        Tiny = r.Pick(Tiny.One, Tiny.Big, (Tiny)r.Int(0, 256)),
        Permissions = r.Pick(Permissions.None, Permissions.All, (Permissions)r.Int(short.MinValue, short.MaxValue)),
        Wide = r.Pick(Wide.Min, Wide.Max, (Wide)r.Long()),
    };

    public static Nullables Nullables(RandomValues r) => new()
    {
        Flag = r.Chance(30) ? null : r.Bool(),
        U8 = r.Chance(30) ? null : (byte)r.Int(0, 256),
        I16 = r.Chance(30) ? null : (short)r.Int(short.MinValue, short.MaxValue),
        I32 = r.Chance(30) ? null : r.Int32(),
        I64 = r.Chance(30) ? null : r.Long(),
        U64 = r.Chance(30) ? null : r.ULong(),
        F32 = r.Chance(30) ? null : r.Single(),
        F64 = r.Chance(30) ? null : r.Double(),
        Money = r.Chance(30) ? null : r.Decimal(),
        Letter = r.Chance(30) ? null : r.Char(),
        Id = r.Chance(30) ? null : r.Guid(),
        When = r.Chance(30) ? null : r.DateTime(),
        WhenOffset = r.Chance(30) ? null : r.DateTimeOffset(),
        Day = r.Chance(30) ? null : r.DateOnly(),
        Clock = r.Chance(30) ? null : r.TimeOnly(),
        Span = r.Chance(30) ? null : r.TimeSpan(),
        Color = r.Chance(30) ? null : r.Color(),
        Text = r.NullableString(),
        Bytes = r.Chance(30) ? null : r.Bytes(r.Pick(0, 1, 2, 3, 64)),
    };

    public static Collections Collections(RandomValues r) => new()
    {
        Ints = r.List(r.Int32)?.ToArray(),
        Strings = r.List(r.NullableString),
        Guids = r.List(r.Guid),
        Doubles = r.List(r.Double),
        Longs = r.List(r.Long),
        Chars = r.List(r.Char),
        Decimals = r.List(r.Decimal),
        Counts = r.Dictionary(r.Int32),
        Labels = r.Dictionary(r.NullableString),
        Groups = r.Dictionary(() => r.List(r.Int32, 0)!),
        Matrix = r.List(() => r.List(r.Int32, 0)!),
        Sparse = r.List(() => r.Chance(30) ? null : (int?)r.Int32()),
        Leaves = r.Dictionary(() => r.Chance(20) ? null : r.Leaf(0)),
        Blobs = r.List(() => r.Bytes(r.Int(0, 9)))?.ToArray(),
        Colors = r.List(r.Color),
        Stamps = r.List(r.DateTimeOffset)?.ToArray(),
        Names = r.List(r.String)?.ToHashSet(),
        Ids = r.List(r.Int32)?.ToHashSet(),
        Palette = r.List(r.Color)?.ToHashSet(),
    };

    public static Positional Positional(RandomValues r) => new(
        r.String(),
        r.Int32(),
        r.Chance(40) ? null : r.Leaf(0),
        r.NullableString(),
        r.NullableString(),
        r.Int32());

    public static Members Members(RandomValues r) => new()
    {
        Id = r.String(),
        Currency = r.String(),
        Plain = r.Int32(),
        MustHave = r.Int32(),
        Ignored = r.Int32(),
        Maybe = r.NullableString(),
        Zero = r.Pick(0, r.Int32()),
        Tags = r.List(r.String, 0)!,
        First = r.Int32(),
    };

    public static Derived Derived(RandomValues r) => new() { BaseValue = r.Int32(), DerivedValue = r.Int32(), Virtual = r.String() };

    public static StringEnums StringEnums(RandomValues r) => new()
    {
        Mood = r.Pick(Mood.Calm, Mood.Angry, Mood.Sleepy, (Mood)r.Int32()),
        Access = r.Pick(Access.None, Access.Read | Access.Write, Access.Admin, Access.Read | Access.Admin | (Access)16, (Access)r.Int32()),
        MaybeMood = r.Chance(30) ? null : r.Pick(Mood.Calm, Mood.Sleepy, (Mood)7),
        Moods = r.List(() => r.Pick(Mood.Calm, Mood.Angry)),
        PropertyLevel = r.Color(),
        Numeric = r.Color(),
    };

    public static Dynamic Dynamic(RandomValues r) => new(
        Element(r),
        r.Chance(30) ? null : Element(r),
        r.Dictionary(() => Element(r)));

    /// <summary>Any JSON value: an object tree, a string with escapes, a number, true or null.</summary>
    private static System.Text.Json.JsonElement Element(RandomValues r)
    {
        var json = r.Int(0, 5) switch
        {
            0 => System.Text.Json.JsonSerializer.Serialize(r.Leaf(0)),
            1 => System.Text.Json.JsonSerializer.Serialize(r.String()),
            2 => System.Text.Json.JsonSerializer.Serialize(r.Double()),
            3 => "[true,null,{\"a\":[1,2.50,-3e5]}]",
            _ => "null",
        };
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static CtorClass CtorClass(RandomValues r) => new(r.Long(), r.String()) { Extra = r.Int32() };
}
