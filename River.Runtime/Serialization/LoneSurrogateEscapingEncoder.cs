using System.Buffers;
using System.Text.Encodings.Web;

namespace River.Serialization;

/// <summary>
/// <see cref="JavaScriptEncoder.Default"/> in every respect except one: a lone UTF-16 surrogate is written as its
/// own <c>\uD800</c>-style escape instead of U+FFFD (what ECMAScript's well-formed <c>JSON.stringify</c> does).
/// The args writer uses it so that invalid UTF-16 survives serialization and the insert path can refuse it with
/// its exact place (<see cref="LoneSurrogates.Locate"/>) instead of storing silently changed data.
/// </summary>
/// <remarks>
/// <para>Utf8JsonWriter asks the encoder for the first character to escape, then has it encode the rest of the
/// string (<see cref="Encode(ReadOnlySpan{char}, Span{char}, out int, out int, bool)"/>). The default encoder flags
/// every non-ASCII character, surrogates included, so every string that holds one reaches <c>Encode</c>; strings
/// of plain ASCII never do and cost nothing extra. Valid pairs (emoji) are written as the default encoder writes them
/// (it escapes every character outside the Basic Multilingual Plane as two upper-case escapes), so the output of
/// valid text is byte-identical to System.Text.Json's (a differential test in LinearInputCheckTests checks it).
/// Either form is what River Go reads: jsonb stores the character, not the escape.</para>
/// <para>UTF-8 input (pre-encoded names, <c>JsonElement</c> strings) cannot hold a surrogate and is passed through.</para>
/// </remarks>
internal sealed class LoneSurrogateEscapingEncoder : JavaScriptEncoder
{
    /// <summary>The length of <c>\uXXXX</c>.</summary>
    private const int EscapeLength = 6;

    private const char SurrogateFirst = '\uD800';
    private const char SurrogateLast = '\uDFFF';

    private static readonly JavaScriptEncoder Inner = Default;

    /// <summary>The shared instance (stateless, thread-safe).</summary>
    public static readonly LoneSurrogateEscapingEncoder Instance = new();

    private LoneSurrogateEscapingEncoder()
    {
    }

    /// <inheritdoc />
    public override int MaxOutputCharactersPerInputCharacter => Inner.MaxOutputCharactersPerInputCharacter;

    /// <inheritdoc />
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => Inner.FindFirstCharacterToEncode(text, textLength);

    /// <inheritdoc />
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
        => Inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    /// <inheritdoc />
    public override bool WillEncode(int unicodeScalar) => Inner.WillEncode(unicodeScalar);

    /// <inheritdoc />
    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text) => Inner.FindFirstCharacterToEncodeUtf8(utf8Text);

    /// <inheritdoc />
    public override OperationStatus EncodeUtf8(ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true)
        => Inner.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);

    /// <summary>
    /// Encodes like the default encoder, writing each lone surrogate as <c>\uXXXX</c>. Runs without surrogates go to
    /// the default encoder; surrogates are written here in the same pass: a valid pair as the two escapes the
    /// default encoder writes for every character outside the Basic Multilingual Plane (upper-case hex,
    /// <c>\uD83D\uDE00</c>), a lone one as its own escape. Writing pairs directly is what keeps a megabyte of emoji
    /// fast: the default encoder handles them one scalar at a time through its general path.
    /// </summary>
    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true)
    {
        charsConsumed = 0;
        charsWritten = 0;
        while (charsConsumed < source.Length)
        {
            var rest = source[charsConsumed..];
            var surrogate = rest.IndexOfAnyInRange(SurrogateFirst, SurrogateLast);
            if (surrogate != 0)
            {
                // A run without surrogates: the default encoder's rules, unchanged.
                var run = surrogate < 0 ? rest : rest[..surrogate];
                var status = Inner.Encode(run, destination[charsWritten..], out var consumed, out var written, isFinalBlock: surrogate >= 0 || isFinalBlock);
                charsConsumed += consumed;
                charsWritten += written;
                if (status != OperationStatus.Done || surrogate < 0)
                {
                    return status;
                }
                rest = source[charsConsumed..];
            }
            var target = destination[charsWritten..];
            var unit = rest[0];
            if (char.IsHighSurrogate(unit))
            {
                if (rest.Length == 1 && !isFinalBlock)
                {
                    return OperationStatus.NeedMoreData; // the next block may hold its low half
                }
                if (rest.Length > 1 && char.IsLowSurrogate(rest[1]))
                {
                    if (target.Length < 2 * EscapeLength)
                    {
                        return OperationStatus.DestinationTooSmall;
                    }
                    WriteEscape(unit, target);
                    WriteEscape(rest[1], target[EscapeLength..]);
                    charsConsumed += 2;
                    charsWritten += 2 * EscapeLength;
                    continue;
                }
            }
            // A lone surrogate: kept as its escape so the insert path can refuse it with its place.
            if (target.Length < EscapeLength)
            {
                return OperationStatus.DestinationTooSmall;
            }
            WriteEscape(unit, target);
            charsConsumed++;
            charsWritten += EscapeLength;
        }
        return OperationStatus.Done;
    }

    private static void WriteEscape(char unit, Span<char> target)
    {
        const string hex = "0123456789ABCDEF";
        target[5] = hex[unit & 0xF]; // the highest index first: one bounds check for the six
        target[4] = hex[(unit >> 4) & 0xF];
        target[3] = hex[(unit >> 8) & 0xF];
        target[2] = hex[unit >> 12];
        target[1] = 'u';
        target[0] = '\\';
    }
}
