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
/// of plain ASCII never do and cost nothing extra. Valid pairs (emoji) are left to the default encoder, so the output
/// of valid text is byte-identical to System.Text.Json's.</para>
/// <para>UTF-8 input (pre-encoded names, <c>JsonElement</c> strings) cannot hold a surrogate and is passed through.</para>
/// </remarks>
internal sealed class LoneSurrogateEscapingEncoder : JavaScriptEncoder
{
    /// <summary>The length of <c>\uXXXX</c>.</summary>
    private const int EscapeLength = 6;

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

    /// <summary>Encodes like the default encoder, writing each lone surrogate as <c>\uXXXX</c> (upper-case hex, as the default encoder writes pairs).</summary>
    public override OperationStatus Encode(ReadOnlySpan<char> source, Span<char> destination, out int charsConsumed, out int charsWritten, bool isFinalBlock = true)
    {
        charsConsumed = 0;
        charsWritten = 0;
        while (true)
        {
            var rest = source[charsConsumed..];
            var lone = LoneSurrogates.IndexOf(rest);
            // A high surrogate that ends a block which is not the last may be completed by the next block.
            var pending = !isFinalBlock && lone == rest.Length - 1 && char.IsHighSurrogate(rest[lone]);
            if (lone < 0 || pending)
            {
                var status = Inner.Encode(lone < 0 ? rest : rest[..lone], destination[charsWritten..], out var consumed, out var written, isFinalBlock && lone < 0);
                charsConsumed += consumed;
                charsWritten += written;
                return status == OperationStatus.Done && pending ? OperationStatus.NeedMoreData : status;
            }
            if (lone > 0)
            {
                var status = Inner.Encode(rest[..lone], destination[charsWritten..], out var consumed, out var written, isFinalBlock: true);
                charsConsumed += consumed;
                charsWritten += written;
                if (status != OperationStatus.Done)
                {
                    return status;
                }
            }
            var target = destination[charsWritten..];
            if (target.Length < EscapeLength)
            {
                return OperationStatus.DestinationTooSmall;
            }
            WriteEscape(rest[lone], target);
            charsConsumed++;
            charsWritten += EscapeLength;
        }
    }

    private static void WriteEscape(char unit, Span<char> target)
    {
        const string hex = "0123456789ABCDEF";
        target[0] = '\\';
        target[1] = 'u';
        target[2] = hex[unit >> 12];
        target[3] = hex[(unit >> 8) & 0xF];
        target[4] = hex[(unit >> 4) & 0xF];
        target[5] = hex[unit & 0xF];
    }
}
