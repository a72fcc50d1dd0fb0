using System.Text;
using River.Runtime.Tests.Generated;

namespace River.Runtime.Tests.Serialization;

/// <summary>Seeded random values that stress JSON encoding: escapes, Unicode, extremes, empty and null collections.</summary>
internal sealed class RandomValues(int seed)
{
    private static readonly string[] Fragments =
    [
        "", "a", "hello world", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t", "\u0000", "\u0001", "\u001f", "\u007f",
        "<", ">", "&", "'", "+", "`", "\u2028", "\u2029", "é", "ß", "Ω", "中文", "日本語", "\u00a0", "\ufeff", "\uffff",
        "😀", "𝄞", "👩‍👩‍👧", "<script>alert('x')</script>", "a&b=c", "%20", "null", "true", "{}", "[]",
    ];

    private readonly Random _random = new(seed);

    public bool Bool() => _random.Next(2) == 0;

    public bool Chance(int percent) => _random.Next(100) < percent;

    public int Int(int min, int max) => _random.Next(min, max);

    public T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

    public long Long() => Pick(long.MinValue, long.MaxValue, 0L, -1L, 1L, _random.NextInt64(), -_random.NextInt64(), _random.NextInt64(-1000, 1000));

    public ulong ULong() => Pick(ulong.MinValue, ulong.MaxValue, 1UL, (ulong)_random.NextInt64(), (ulong)_random.NextInt64() * 2 + 1);

    public int Int32() => Pick(int.MinValue, int.MaxValue, 0, -1, _random.Next(), -_random.Next());

    public double Double()
    {
        // Any finite double: NaN and infinities are refused by System.Text.Json by default (a separate test checks that).
        while (true)
        {
            var value = Pick(
                double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, 0.0, -0.0, 0.1, 1e-300, 1e300, Math.PI,
                BitConverter.Int64BitsToDouble(_random.NextInt64()), _random.NextDouble() * 1e6);
            if (double.IsFinite(value))
            {
                return value;
            }
        }
    }

    public float Single()
    {
        while (true)
        {
            var value = Pick(float.MaxValue, float.MinValue, float.Epsilon, 0f, -0f, 0.1f, BitConverter.Int32BitsToSingle(_random.Next()), (float)_random.NextDouble());
            if (float.IsFinite(value))
            {
                return value;
            }
        }
    }

    public decimal Decimal() => Pick(
        decimal.MaxValue, decimal.MinValue, 0m, -0.0000000000000000000000000001m, 1.10m, 79228162514264337593543950335m,
        new decimal(_random.Next(), _random.Next(), _random.Next(), Bool(), (byte)_random.Next(29)));

    public char Char()
    {
        while (true)
        {
            var c = Pick('a', 'Z', '"', '\\', '\n', '\0', '\u001f', '<', '&', 'é', '中', '\u2028', '\uffff', (char)_random.Next(0, 0x10000));
            if (!char.IsSurrogate(c))
            {
                return c;
            }
        }
    }

    /// <summary>Valid UTF-16 text made of tricky fragments and random code points (no lone surrogates).</summary>
    public string String()
    {
        var sb = new StringBuilder();
        var parts = _random.Next(0, 6);
        for (var i = 0; i < parts; i++)
        {
            if (Bool())
            {
                sb.Append(Pick(Fragments));
            }
            else
            {
                var codePoint = _random.Next(0, 0x110000);
                if (codePoint is >= 0xD800 and <= 0xDFFF)
                {
                    codePoint = 'x';
                }
                sb.Append(char.ConvertFromUtf32(codePoint));
            }
        }
        return sb.ToString();
    }

    public string? NullableString() => Chance(15) ? null : String();

    public Guid Guid() => Pick(System.Guid.Empty, System.Guid.NewGuid(), new Guid(Bytes(16)));

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    public DateTime DateTime() => Pick(
        System.DateTime.MinValue, System.DateTime.MaxValue,
        new DateTime(_random.NextInt64(System.DateTime.MinValue.Ticks, System.DateTime.MaxValue.Ticks), DateTimeKind.Utc),
        new DateTime(_random.NextInt64(System.DateTime.MinValue.Ticks, System.DateTime.MaxValue.Ticks), DateTimeKind.Unspecified),
        new DateTime(2024, 5, 17, 13, 47, 12, DateTimeKind.Utc));

    public DateTimeOffset DateTimeOffset()
    {
        var offset = System.TimeSpan.FromMinutes(_random.Next(-14 * 60, 14 * 60 + 1));
        var ticks = _random.NextInt64(System.DateTime.MinValue.Ticks + System.TimeSpan.TicksPerDay, System.DateTime.MaxValue.Ticks - System.TimeSpan.TicksPerDay);
        return Pick(System.DateTimeOffset.MinValue, System.DateTimeOffset.MaxValue, new DateTimeOffset(ticks, offset), new DateTimeOffset(ticks, System.TimeSpan.Zero));
    }

    public DateOnly DateOnly() => System.DateOnly.FromDayNumber(_random.Next(System.DateOnly.MinValue.DayNumber, System.DateOnly.MaxValue.DayNumber + 1));

    public TimeOnly TimeOnly() => Pick(System.TimeOnly.MinValue, System.TimeOnly.MaxValue, new TimeOnly(_random.NextInt64(0, System.TimeSpan.TicksPerDay)));

    public TimeSpan TimeSpan() => Pick(System.TimeSpan.MinValue, System.TimeSpan.MaxValue, System.TimeSpan.Zero, new TimeSpan(_random.NextInt64()), new TimeSpan(-_random.NextInt64()));

    public Color Color() => Pick(Generated.Color.Red, Generated.Color.Green, Generated.Color.Blue, (Color)_random.Next());

    public List<T>? List<T>(Func<T> item, int nullPercent = 15)
    {
        if (Chance(nullPercent))
        {
            return null;
        }
        var count = Pick(0, 0, 1, 2, 5, _random.Next(0, 20));
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(item());
        }
        return list;
    }

    public Dictionary<string, T>? Dictionary<T>(Func<T> item, int nullPercent = 15)
    {
        if (Chance(nullPercent))
        {
            return null;
        }
        var count = Pick(0, 1, 3, _random.Next(0, 10));
        var dictionary = new Dictionary<string, T>();
        for (var i = 0; i < count; i++)
        {
            dictionary[String()] = item();
        }
        return dictionary;
    }

    public Leaf Leaf(int depth) => new(String(), Color(), depth > 3 || Chance(60) ? null : List(() => Leaf(depth + 1)));

    public Tree Tree(int depth) => new()
    {
        Name = String(),
        Left = depth > 6 || Chance(50) ? null : Tree(depth + 1),
        Right = depth > 6 || Chance(50) ? null : Tree(depth + 1),
        Forest = depth > 4 || Chance(70) ? null : List(() => Tree(depth + 2), 0),
    };
}
