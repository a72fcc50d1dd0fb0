using System.Globalization;
using System.Text;

namespace River.Serialization;

/// <summary>
/// Finds invalid UTF-16 (a high surrogate U+D800–U+DBFF not followed by a low one, or a low surrogate U+DC00–U+DFFF
/// not preceded by a high one) in strings and in the JSON that <see cref="LoneSurrogateEscapingEncoder"/> wrote.
/// </summary>
/// <remarks>
/// Such text has no UTF-8 form: System.Text.Json silently writes U+FFFD in its place (changing the job's data), and
/// PostgreSQL's jsonb refuses the <c>\uD800</c> escape. The insert path refuses it instead, naming where it is.
/// </remarks>
internal static class LoneSurrogates
{
    private const char SurrogateFirst = '\uD800';
    private const char SurrogateLast = '\uDFFF';

    /// <summary>
    /// The index of the first lone surrogate of <paramref name="text"/>, or -1. Vectorized scan for any surrogate
    /// first; the pairing is checked only from the first hit on (valid pairs such as emoji are skipped).
    /// </summary>
    public static int IndexOf(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAnyInRange(SurrogateFirst, SurrogateLast);
        if (i < 0)
        {
            return -1;
        }
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i += 2;
                    continue;
                }
                return i;
            }
            if (char.IsLowSurrogate(c))
            {
                return i;
            }
            var next = text[(i + 1)..].IndexOfAnyInRange(SurrogateFirst, SurrogateLast);
            if (next < 0)
            {
                return -1;
            }
            i += 1 + next;
        }
        return -1;
    }

    /// <summary>"lone UTF-16 surrogate U+D800 at index 5", the wording of every such error.</summary>
    public static string Describe(char unit, int index)
        => "lone UTF-16 surrogate U+" + ((int)unit).ToString("X4", CultureInfo.InvariantCulture)
           + " at index " + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether UTF-8 JSON text holds a <c>\uXXXX</c> escape of a lone surrogate (in a string or a property name), in
    /// one pass (<see cref="JsonEscapes.Scan(ReadOnlySpan{byte})"/>). An escaped backslash followed by <c>uD…</c> is not an escape.
    /// </summary>
    public static bool ContainsLoneEscape(ReadOnlySpan<byte> json)
        => (JsonEscapes.Scan(json) & JsonEscapeFindings.LoneSurrogate) != 0;

    /// <summary>
    /// Locates the first lone surrogate in UTF-8 JSON text (<see cref="ContainsLoneEscape"/> returned true) and
    /// describes it: <c>at $.recipients[2]: lone UTF-16 surrogate U+D800 at index 5</c>, or for a property name
    /// <c>in the property name at $.labels['k\uDBFF']: …</c>. Returns <see langword="null"/> when there is none.
    /// </summary>
    public static string? Locate(ReadOnlySpan<byte> json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(json, new System.Text.Json.JsonReaderOptions { MaxDepth = 4096 });
        var frames = new List<Frame> { new(isArray: false) };
        try
        {
            while (reader.Read())
            {
                var frame = frames[^1];
                switch (reader.TokenType)
                {
                    case System.Text.Json.JsonTokenType.PropertyName:
                    {
                        var name = Unescape(reader.ValueSpan, reader.ValueIsEscaped);
                        frame.Name = name;
                        if (reader.ValueIsEscaped && IndexOf(name) is var bad and >= 0)
                        {
                            return "in the property name at " + Path(frames) + ": " + Describe(name[bad], bad);
                        }
                        continue;
                    }
                    case System.Text.Json.JsonTokenType.String:
                        if (reader.ValueIsEscaped)
                        {
                            var value = Unescape(reader.ValueSpan, escaped: true);
                            if (IndexOf(value) is var bad and >= 0)
                            {
                                return "at " + Path(frames) + ": " + Describe(value[bad], bad);
                            }
                        }
                        break;
                    case System.Text.Json.JsonTokenType.StartObject:
                    case System.Text.Json.JsonTokenType.StartArray:
                        frames.Add(new Frame(reader.TokenType == System.Text.Json.JsonTokenType.StartArray));
                        continue;
                    case System.Text.Json.JsonTokenType.EndObject:
                    case System.Text.Json.JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                }
                // A value ended: the next element of an array gets the next index.
                var container = frames[^1];
                if (container.IsArray)
                {
                    container.Index++;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not valid JSON (a custom converter wrote raw text): the caller reports the problem without a path.
        }
        return null;
    }

    /// <summary>The <c>$</c>-path of the value the reader is on, as System.Text.Json writes paths.</summary>
    private static string Path(List<Frame> frames)
    {
        var sb = new StringBuilder("$");
        foreach (var frame in frames)
        {
            AppendSegment(sb, frame);
        }
        return sb.ToString();
    }

    private static void AppendSegment(StringBuilder sb, Frame frame)
    {
        if (frame.IsArray)
        {
            sb.Append('[').Append(frame.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            return;
        }
        if (frame.Name is not { } name)
        {
            return;
        }
        var simple = name.Length > 0;
        foreach (var c in name)
        {
            simple &= char.IsAsciiLetterOrDigit(c) || c == '_';
        }
        if (simple)
        {
            sb.Append('.').Append(name);
            return;
        }
        sb.Append("['");
        foreach (var c in name)
        {
            if (c == '\'' || c == '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (char.IsSurrogate(c) || char.IsControl(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }
        sb.Append("']");
    }

    /// <summary>Unescapes a JSON string's raw UTF-8 bytes into UTF-16, keeping lone surrogates (which System.Text.Json refuses to).</summary>
    private static string Unescape(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return Encoding.UTF8.GetString(raw);
        }
        var sb = new StringBuilder(raw.Length);
        while (raw.Length > 0)
        {
            var slash = raw.IndexOf((byte)'\\');
            if (slash < 0)
            {
                sb.Append(Encoding.UTF8.GetString(raw));
                break;
            }
            sb.Append(Encoding.UTF8.GetString(raw[..slash]));
            var kind = raw[slash + 1];
            switch (kind)
            {
                case (byte)'u':
                    JsonEscapes.TryHex(raw, slash + 2, out var unit);
                    sb.Append(unit);
                    raw = raw[(slash + 6)..];
                    continue;
                case (byte)'b': sb.Append('\b'); break;
                case (byte)'f': sb.Append('\f'); break;
                case (byte)'n': sb.Append('\n'); break;
                case (byte)'r': sb.Append('\r'); break;
                case (byte)'t': sb.Append('\t'); break;
                default: sb.Append((char)kind); break; // \" \\ \/
            }
            raw = raw[(slash + 2)..];
        }
        return sb.ToString();
    }

    /// <summary>An open container (the first frame stands for the root and adds nothing to paths).</summary>
    private sealed class Frame
    {
        public Frame(bool isArray) => IsArray = isArray;

        public bool IsArray { get; }
        public int Index { get; set; }
        public string? Name { get; set; }
    }
}
