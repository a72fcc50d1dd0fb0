using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using River.Serialization;

namespace River.Runtime.Tests.Serialization;

/// <summary>
/// The args encoder writes surrogate pairs itself (issue 23: a megabyte of emoji spent most of its time in the
/// default encoder's per-scalar path). For valid text its output must stay byte-identical to System.Text.Json's
/// default encoder; lone surrogates still become their own escape.
/// </summary>
public sealed class LoneSurrogateEncoderTests
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", " ", "<", ">", "&", "'", "\"", "\\", "+", "`", "\n", "\t", "\u0001", "\u007F", "é", "ß", "日本",
        "\u2028", "\u2029", "\uFEFF", "\uFFFD", "\uFFFF", "😀", "👍🏽", "\uD800\uDC00", "\uDBFF\uDFFF", "𝄞", "\u0000",
    ];

    [Fact]
    public void Valid_text_is_written_byte_for_byte_as_the_default_encoder_writes_it()
    {
        var random = new Random(23);
        for (var round = 0; round < 2000; round++)
        {
            var sb = new StringBuilder();
            var count = random.Next(0, round < 1900 ? 12 : 3000);
            for (var i = 0; i < count; i++)
            {
                sb.Append(Pieces[random.Next(Pieces.Length)]);
            }
            var text = sb.ToString();
            Assert.Equal(Write(JavaScriptEncoder.Default, text), Write(LoneSurrogateEscapingEncoder.Instance, text));
        }
    }

    [Fact]
    public void A_megabyte_of_emoji_is_the_default_encoders_escapes()
    {
        var text = string.Concat(Enumerable.Repeat("😀a😀😀日", 50_000));
        Assert.Equal(Write(JavaScriptEncoder.Default, text), Write(LoneSurrogateEscapingEncoder.Instance, text));
    }

    [Fact]
    public void Lone_surrogates_become_their_own_escape_and_the_rest_is_unchanged()
    {
        // Built in code: theory data holding lone surrogates would be mangled by the test runner's serialization.
        (string Text, string Expected)[] cases =
        [
            ("x\uD800", "x\\uD800"),
            ("\uDC00x", "\\uDC00x"),
            ("😀\uDBFF😀", "\\uD83D\\uDE00\\uDBFF\\uD83D\\uDE00"),
            ("\uDE00\uD83D", "\\uDE00\\uD83D"),
            ("a<\uD800>", "a\\u003C\\uD800\\u003E"),
        ];
        foreach (var (text, expected) in cases)
        {
            Assert.Equal("{\"" + expected + "\":\"" + expected + "\"}", Write(LoneSurrogateEscapingEncoder.Instance, text));
        }
    }

    [Fact]
    public void A_pair_split_across_blocks_is_completed_by_the_next_block()
    {
        var source = "ab😀cd".AsSpan();
        var split = 3; // after the high surrogate
        var destination = new char[64];
        var status = LoneSurrogateEscapingEncoder.Instance.Encode(source[..split], destination, out var consumed, out var written, isFinalBlock: false);
        Assert.Equal(OperationStatus.NeedMoreData, status);
        Assert.Equal(2, consumed);
        status = LoneSurrogateEscapingEncoder.Instance.Encode(source[consumed..], destination.AsSpan(written), out var consumed2, out var written2, isFinalBlock: true);
        Assert.Equal(OperationStatus.Done, status);
        Assert.Equal(source.Length, consumed + consumed2);
        Assert.Equal("ab\\uD83D\\uDE00cd", new string(destination, 0, written + written2));
    }

    [Fact]
    public void A_destination_too_small_for_a_pair_is_reported_without_writing_half_of_it()
    {
        var destination = new char[8];
        var status = LoneSurrogateEscapingEncoder.Instance.Encode("😀", destination, out var consumed, out var written);
        Assert.Equal(OperationStatus.DestinationTooSmall, status);
        Assert.Equal(0, consumed);
        Assert.Equal(0, written);
    }

    /// <summary>The text as a property name and as a value, through Utf8JsonWriter with <paramref name="encoder"/>.</summary>
    private static string Write(JavaScriptEncoder encoder, string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString(text, text);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
