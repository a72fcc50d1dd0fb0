using System.Buffers;
using System.Globalization;
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

    /// <summary>
    /// Writes a JSON number the way Go's encoding/json writes a <c>float64</c> (or, with <paramref name="single"/>, a
    /// <c>float32</c>): the shortest digits that round-trip, in plain notation when 1e-6 ≤ |x| &lt; 1e21 and otherwise
    /// as <c>1e+21</c> / <c>1e-7</c> (lower-case, no leading zero in a negative exponent). System.Text.Json writes
    /// <c>1E+15</c>, <c>1E-07</c>. Text that is not a finite number of the type is kept as written.
    /// </summary>
    public static void WriteFloat(ref ByteBuilder output, ReadOnlySpan<byte> number, bool single)
    {
        string shortest;
        double abs;
        if (single)
        {
            if (!float.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) || !float.IsFinite(f))
            {
                output.Append(number);
                return;
            }
            shortest = f.ToString("R", CultureInfo.InvariantCulture);
            abs = Math.Abs(f);
        }
        else
        {
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            {
                output.Append(number);
                return;
            }
            shortest = d.ToString("R", CultureInfo.InvariantCulture);
            abs = Math.Abs(d);
        }

        // Decompose "-1.25E-07" into sign, significant digits and the decimal point's position (value = 0.digits × 10^point).
        var negative = shortest.StartsWith('-');
        var body = negative ? shortest[1..] : shortest;
        var e = body.IndexOf('E', StringComparison.Ordinal);
        var exponent = e < 0 ? 0 : int.Parse(body.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? body : body[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        var leading = 0;
        while (leading < digits.Length && digits[leading] == '0')
            leading++;
        digits = digits[leading..].TrimEnd('0');
        point -= leading;

        var sb = new StringBuilder(32);
        if (negative)
            sb.Append('-');
        if (digits.Length == 0)
        {
            sb.Append('0');
        }
        else if (abs < 1e-6 || abs >= 1e21)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            var exp = point - 1;
            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var magnitude = Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
            if (exp >= 0 && magnitude.Length < 2)
                sb.Append('0'); // Go: at least two exponent digits, except that e-07 is shortened to e-7
            sb.Append(magnitude);
        }
        else if (point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            sb.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
        output.AppendUtf8(sb.ToString());
    }
}
