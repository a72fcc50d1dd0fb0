namespace River.Serialization;

/// <summary>Facts about escapes in UTF-8 JSON text, shared by the insert checks (NUL characters, lone surrogates).</summary>
internal static class JsonEscapes
{
    /// <summary>
    /// Whether the backslash at <paramref name="at"/> starts an escape: it is preceded by an even number of
    /// backslashes (an odd run counting itself), so <c>\\u0000</c> — an escaped backslash, then text — is not one.
    /// </summary>
    public static bool IsEscapeStart(ReadOnlySpan<byte> json, int at)
    {
        var backslashes = 0;
        for (var j = at; j >= 0 && json[j] == (byte)'\\'; j--)
        {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
