namespace River.Serialization;

/// <summary>What <see cref="JsonEscapes.Scan(ReadOnlySpan{byte})"/> found in UTF-8 JSON text.</summary>
[Flags]
internal enum JsonEscapeFindings
{
    /// <summary>Neither a NUL nor a lone surrogate escape.</summary>
    None = 0,
    /// <summary>A <c>\u0000</c> escape (PostgreSQL's jsonb refuses the NUL character).</summary>
    Nul = 1,
    /// <summary>A <c>\uD800</c>-style escape of a lone UTF-16 surrogate (no UTF-8 form; jsonb refuses it).</summary>
    LoneSurrogate = 2,
}

/// <summary>The one scan of the escapes in UTF-8 JSON text, shared by the insert checks of args and metadata.</summary>
/// <remarks>
/// The scan is a single left-to-right pass: a vectorized search for the next backslash, then the escape it starts
/// is read and skipped whole (<c>\\</c> included, so an escaped backslash followed by <c>u0000</c> is text, not an
/// escape). No byte is examined more than twice, so hostile text (a megabyte of escaped emoji, of <c>\uD</c>-like
/// text, of backslashes) costs the same order of time as plain ASCII. Each byte a search or an escape read
/// examines is counted in <c>examined</c>, which tests use to prove the bound.
/// </remarks>
internal static class JsonEscapes
{
    /// <summary>The length of <c>\uXXXX</c>.</summary>
    private const int UnicodeEscapeLength = 6;

    /// <summary>Finds NUL and lone-surrogate escapes in one pass; stops early once both are found.</summary>
    public static JsonEscapeFindings Scan(ReadOnlySpan<byte> json) => Scan(json, out _);

    /// <summary>As <see cref="Scan(ReadOnlySpan{byte})"/>, reporting how many bytes were examined (at most twice the length).</summary>
    internal static JsonEscapeFindings Scan(ReadOnlySpan<byte> json, out long examined)
    {
        var findings = JsonEscapeFindings.None;
        examined = 0;
        var at = 0;
        while (at < json.Length)
        {
            // Escapes often come in runs (a megabyte of escaped emoji): look for the next backslash only when the
            // byte at hand is not one already, so a run costs no search call per escape.
            if (json[at] != (byte)'\\')
            {
                var next = json[at..].IndexOf((byte)'\\');
                if (next < 0)
                {
                    examined += json.Length - at;
                    break;
                }
                examined += next;
                at += next;
            }
            examined++;
            // json[at] is a backslash that starts an escape: every earlier escape was skipped whole.
            if (at + 1 >= json.Length)
            {
                break;
            }
            if (json[at + 1] != (byte)'u' || !TryHex(json, at + 2, out var unit))
            {
                examined++;
                at += 2; // \" \\ \/ \b \f \n \r \t (or malformed text, which the JSON reader reports)
                continue;
            }
            examined += UnicodeEscapeLength - 1;
            at += UnicodeEscapeLength;
            if (unit == '\0')
            {
                findings |= JsonEscapeFindings.Nul;
            }
            else if (char.IsHighSurrogate(unit))
            {
                examined += UnicodeEscapeLength; // the pair check reads up to the next escape
                if (at + 1 < json.Length && json[at] == (byte)'\\' && json[at + 1] == (byte)'u'
                    && TryHex(json, at + 2, out var low) && char.IsLowSurrogate(low))
                {
                    at += UnicodeEscapeLength; // a valid pair (an emoji)
                }
                else
                {
                    findings |= JsonEscapeFindings.LoneSurrogate;
                }
            }
            else if (char.IsLowSurrogate(unit))
            {
                findings |= JsonEscapeFindings.LoneSurrogate; // a pair's low half was skipped above
            }
            if (findings == (JsonEscapeFindings.Nul | JsonEscapeFindings.LoneSurrogate))
            {
                break;
            }
        }
        return findings;
    }

    /// <summary>Reads the four hex digits of a <c>\uXXXX</c> escape starting at <paramref name="start"/>.</summary>
    public static bool TryHex(ReadOnlySpan<byte> json, int start, out char unit)
    {
        unit = '\0';
        if (start < 0 || start + 4 > json.Length)
        {
            return false;
        }
        var value = 0;
        for (var k = 0; k < 4; k++)
        {
            var digit = HexDigit(json[start + k]);
            if (digit < 0)
            {
                return false;
            }
            value = (value << 4) | digit;
        }
        unit = (char)value;
        return true;
    }

    private static int HexDigit(byte b)
    {
        var digit = b - '0';
        if ((uint)digit <= 9)
        {
            return digit;
        }
        var letter = (b | 0x20) - 'a'; // a–f and A–F
        return (uint)letter <= 5 ? letter + 10 : -1;
    }
}
