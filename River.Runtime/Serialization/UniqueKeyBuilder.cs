using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace River.Serialization;

/// <summary>
/// River's unique key, byte for byte (DESIGN.md §3): SHA-256 of the UTF-8 string made of, in this order and each only
/// when its option is on, <c>&amp;kind=</c>, <c>&amp;args=</c> (canonical args), <c>&amp;period=</c> and
/// <c>&amp;queue=</c>; and the <c>unique_states</c> bit mask.
/// </summary>
/// <remarks>
/// Canonical args: without <see cref="UniqueOpts.ArgPaths"/>, a compact JSON object of the top-level properties in
/// ordinal (UTF-8 byte) key order, values kept as they are inside; with paths, only those properties (nested ones
/// rebuilt as nested objects, keys ordered at every level), absent ones skipped, and the empty string when none is
/// present. Strings are written as Go's encoding/json writes them, so keys match those River computes in Go.
/// </remarks>
internal static class UniqueKeyBuilder
{
    /// <summary>The origin that periods are counted from: 0001-01-01T00:00:00Z (Go's zero time, .NET's tick 0).</summary>
    private static readonly DateTime PeriodOrigin = DateTime.MinValue;

    /// <summary>The 32-byte key.</summary>
    /// <param name="kind">The job kind.</param>
    /// <param name="encodedArgs">The args as stored (UTF-8 JSON object).</param>
    /// <param name="options">The uniqueness options.</param>
    /// <param name="queue">The queue the job goes to.</param>
    /// <param name="scheduledAtOrNow">The job's scheduled time, or now when it has none.</param>
    public static byte[] Build(string kind, ReadOnlySpan<byte> encodedArgs, UniqueOpts options, string queue, DateTimeOffset scheduledAtOrNow)
        => SHA256.HashData(Encoding.UTF8.GetBytes(BuildKeyString(kind, encodedArgs, options, queue, scheduledAtOrNow)));

    /// <summary>The string hashed into the key.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ByPeriod is set but shorter than one second.</exception>
    /// <exception cref="JsonException">The args are not a JSON object.</exception>
    public static string BuildKeyString(string kind, ReadOnlySpan<byte> encodedArgs, UniqueOpts options, string queue, DateTimeOffset scheduledAtOrNow)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(queue);
        var sb = new StringBuilder();
        if (!options.ExcludeKind)
        {
            sb.Append("&kind=").Append(kind);
        }
        if (options.ByArgs)
        {
            sb.Append("&args=").Append(CanonicalArgs(encodedArgs, options.ArgPaths));
        }
        if (options.ByPeriod is { } period)
        {
            sb.Append("&period=").Append(PeriodStart(scheduledAtOrNow, period).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        if (options.ByQueue)
        {
            sb.Append("&queue=").Append(queue);
        }
        return sb.ToString();
    }

    /// <summary>The start (UTC) of the period <paramref name="time"/> falls in, counted from 0001-01-01T00:00:00Z.</summary>
    public static DateTime PeriodStart(DateTimeOffset time, TimeSpan period)
    {
        if (period < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "A unique period must be at least one second.");
        }
        var ticks = time.UtcTicks - PeriodOrigin.Ticks;
        return new DateTime(PeriodOrigin.Ticks + (ticks - (ticks % period.Ticks)), DateTimeKind.Utc);
    }

    /// <summary>The <c>unique_states</c> byte: available = 1, cancelled = 2, completed = 4, ... scheduled = 128.</summary>
    public static byte StatesMask(IReadOnlyList<JobState>? states)
    {
        var mask = 0;
        foreach (var state in states ?? UniqueOpts.DefaultStates)
        {
            if (state is < JobState.Available or > JobState.Scheduled)
            {
                throw new ArgumentOutOfRangeException(nameof(states), state, "Unknown job state.");
            }
            mask |= 1 << (int)state;
        }
        return (byte)mask;
    }

    /// <summary>The canonical args (see the type's remarks).</summary>
    public static string CanonicalArgs(ReadOnlySpan<byte> encodedArgs, IReadOnlyList<string>? argPaths)
    {
        var reader = new Utf8JsonReader(encodedArgs, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Unique args must be a JSON object, not {root.ValueKind}.");
        }
        var sb = new StringBuilder();
        if (argPaths is null || argPaths.Count == 0)
        {
            WriteSortedObject(sb, root.EnumerateObject().Select(p => (p.Name, (object)p.Value)).ToList());
            return sb.ToString();
        }

        var tree = new Node();
        foreach (var path in argPaths)
        {
            var segments = path.Split('.');
            var current = root;
            var found = true;
            foreach (var segment in segments)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
                {
                    found = false;
                    break;
                }
            }
            if (found)
            {
                tree.Add(segments, current);
            }
        }
        if (tree.Children.Count == 0)
        {
            return string.Empty;
        }
        WriteNode(sb, tree);
        return sb.ToString();
    }

    private sealed class Node
    {
        public Dictionary<string, object> Children { get; } = new(StringComparer.Ordinal);

        public void Add(string[] segments, JsonElement value)
        {
            var node = this;
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (!node.Children.TryGetValue(segments[i], out var child) || child is not Node childNode)
                {
                    childNode = new Node();
                    node.Children[segments[i]] = childNode;
                }
                node = childNode;
            }
            node.Children[segments[^1]] = value;
        }
    }

    private static void WriteNode(StringBuilder sb, Node node)
        => WriteSortedObject(sb, node.Children.Select(c => (c.Key, c.Value)).ToList());

    private static void WriteSortedObject(StringBuilder sb, List<(string Key, object Value)> members)
    {
        members.Sort((a, b) => CompareUtf8(a.Key, b.Key));
        sb.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            WriteGoString(sb, members[i].Key);
            sb.Append(':');
            if (members[i].Value is Node child)
            {
                WriteNode(sb, child);
            }
            else
            {
                WriteValue(sb, (JsonElement)members[i].Value);
            }
        }
        sb.Append('}');
    }

    /// <summary>Writes a value compactly, keeping member order inside, with Go-style strings.</summary>
    private static void WriteValue(StringBuilder sb, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }
                    first = false;
                    WriteGoString(sb, property.Name);
                    sb.Append(':');
                    WriteValue(sb, property.Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        sb.Append(',');
                    }
                    firstItem = false;
                    WriteValue(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                WriteGoString(sb, value.GetString()!);
                break;
            default:
                sb.Append(value.GetRawText());
                break;
        }
    }

    /// <summary>
    /// A JSON string as Go's encoding/json writes it: UTF-8 as is; <c>"</c> <c>\</c> <c>\n</c> <c>\r</c> <c>\t</c>
    /// short; other control characters, <c>&lt;</c> <c>&gt;</c> <c>&amp;</c>, U+2028 and U+2029 as <c>\u00xx</c>-style
    /// escapes with lower-case hex; a lone surrogate (invalid UTF-8 in Go) as <c>\ufffd</c>.
    /// </summary>
    internal static void WriteGoString(StringBuilder sb, string value)
    {
        const string hex = "0123456789abcdef";
        sb.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    sb.Append("\\u").Append(hex[(c >> 12) & 0xF]).Append(hex[(c >> 8) & 0xF]).Append(hex[(c >> 4) & 0xF]).Append(hex[c & 0xF]);
                    break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(hex[c >> 4]).Append(hex[c & 0xF]);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        sb.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append("\\ufffd");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>Orders keys by their UTF-8 bytes, as Go sorts strings.</summary>
    private static int CompareUtf8(string a, string b)
    {
        var x = Encoding.UTF8.GetBytes(a);
        var y = Encoding.UTF8.GetBytes(b);
        return x.AsSpan().SequenceCompareTo(y);
    }
}
