using System.Buffers;
using System.Text;

namespace River.Uniqueness;

/// <summary>
/// Writes JSON strings byte for byte the way River's Go side does, so unique keys computed here equal
/// River's. Two rules exist in River:
/// <list type="bullet">
/// <item><b>encoding/json</b> (values, and keys inside values): UTF-8 passes through; <c>"</c> and
/// <c>\</c> are backslash-escaped; <c>\b \f \n \r \t</c> use their short forms (Go ≥ 1.22); other bytes
/// below 0x20, <c>&lt; &gt; &amp;</c> and U+2028/U+2029 become <c>\u00xx</c>/<c>\u20xx</c> with
/// lower-case hex; invalid UTF-8 becomes <c>\ufffd</c> one byte at a time; DEL (0x7f) passes through.</item>
/// <item><b>sjson keys</b> (the keys River itself writes when it assembles the hashed args object): the
/// key verbatim between quotes, unless it has a byte below 0x20, above 0x7f, <c>"</c> or <c>\</c>, in
/// which case the whole key is written with the encoding/json rule.</item>
/// </list>
/// </summary>
internal static class GoJson
{
    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="utf8"/> (unescaped UTF-8) as a quoted JSON string with Go's encoding/json escaping.</summary>
    public static void WriteString(ref ByteBuilder output, ReadOnlySpan<byte> utf8)
    {
        output.Append((byte)'"');
        var start = 0; // first byte not yet copied
        var i = 0;
        while (i < utf8.Length)
        {
            var b = utf8[i];
            if (b < 0x80)
            {
                if (b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&')
                {
                    i++;
                    continue;
                }
                output.Append(utf8[start..i]);
                switch (b)
                {
                    case (byte)'"': output.Append("\\\""u8); break;
                    case (byte)'\\': output.Append("\\\\"u8); break;
                    case (byte)'\b': output.Append("\\b"u8); break;
                    case (byte)'\f': output.Append("\\f"u8); break;
                    case (byte)'\n': output.Append("\\n"u8); break;
                    case (byte)'\r': output.Append("\\r"u8); break;
                    case (byte)'\t': output.Append("\\t"u8); break;
                    default:
                        output.Append("\\u00"u8);
                        output.Append(HexDigits[b >> 4]);
                        output.Append(HexDigits[b & 0xF]);
                        break;
                }
                i++;
                start = i;
                continue;
            }

            var status = Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                // Go decodes an invalid sequence as utf8.RuneError of width 1.
                output.Append(utf8[start..i]);
                output.Append("\\ufffd"u8);
                i++;
                start = i;
                continue;
            }
            if (rune.Value is 0x2028 or 0x2029)
            {
                output.Append(utf8[start..i]);
                output.Append(rune.Value == 0x2028 ? "\\u2028"u8 : "\\u2029"u8);
                i += consumed;
                start = i;
                continue;
            }
            i += consumed;
        }
        output.Append(utf8[start..]);
        output.Append((byte)'"');
    }

    /// <summary>Writes an object key the way sjson does (see the type's remarks).</summary>
    public static void WriteSjsonKey(ref ByteBuilder output, ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b < 0x20 || b > 0x7f || b == '"' || b == '\\')
            {
                WriteString(ref output, utf8);
                return;
            }
        }
        output.Append((byte)'"');
        output.Append(utf8);
        output.Append((byte)'"');
    }
}
