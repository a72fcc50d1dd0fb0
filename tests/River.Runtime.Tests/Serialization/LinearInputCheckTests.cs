using System.Text;
using River.Insertion;
using River.Serialization;

namespace River.Runtime.Tests.Serialization;

/// <summary>
/// Every check of hostile input is one pass: the escape scan shared by args and metadata examines each byte at most
/// twice (its own counter proves it, whatever the machine's speed), and inserts of megabytes of emoji, escaped emoji,
/// <c>\uD</c>-like text and backslashes return (the former rescanning took minutes on these sizes).
/// </summary>
public sealed class LinearInputCheckTests
{
    private const int Size = 1 << 20;
    private const int None = (int)JsonEscapeFindings.None;
    private const int Nul = (int)JsonEscapeFindings.Nul;
    private const int LoneSurrogate = (int)JsonEscapeFindings.LoneSurrogate;

    public static TheoryData<string, string, int> HostileJson() => new()
    {
        { "plain ASCII", Repeat("abcdefgh"), None },
        { "escaped emoji", Repeat("\\uD83D\\uDE00"), None },
        { "escaped emoji, lower-case hex", Repeat("\\ud83d\\ude00"), None },
        { "\\uD-like text", Repeat("\\\\uD"), None },
        { "\\ud-like text then a late \\uD-like one", Repeat("\\\\ud") + "\\\\uD", None },
        { "escaped backslashes", Repeat("\\\\"), None },
        { "high surrogates without their low half", Repeat("\\uD800"), LoneSurrogate },
        { "escaped emoji, then a NUL", Repeat("\\uD83D\\uDE00") + "\\u0000", Nul },
        { "escaped NUL text", Repeat("\\\\u0000"), None },
    };

    [Theory]
    [MemberData(nameof(HostileJson))]
    public void The_escape_scan_examines_each_byte_at_most_twice(string name, string body, int expected)
    {
        var json = Encoding.UTF8.GetBytes("{\"s\":\"" + body + "\"}");
        var findings = JsonEscapes.Scan(json, out var examined);
        Assert.True(expected == (int)findings, name + ": expected " + expected + ", found " + findings);
        Assert.True(examined <= 2L * json.Length, $"{name}: {examined} bytes examined for {json.Length} bytes of JSON");
    }

    [Fact]
    public void Megabytes_of_emoji_in_args_are_accepted_and_unchanged()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 2 * Size / 4)); // 2 MB of UTF-8, 6 MB escaped by the writer
        var request = JobInsertRequest.Create(new Mailing(emoji, ["a"], null, null, 'x', null));
        Assert.Contains("\\uD83D\\uDE00", Encoding.UTF8.GetString(request.EncodedArgs.Span), StringComparison.Ordinal);
        Assert.Equal(emoji, JobDefinition.For<Mailing>().Deserialize(request.EncodedArgs.Span).Subject);
    }

    [Fact]
    public void Megabytes_of_backslash_text_in_args_are_accepted()
    {
        var request = JobInsertRequest.Create(new Mailing(string.Concat(Enumerable.Repeat("\\uD\\ud\\u0000", Size / 12)), ["a"], null, null, 'x', null));
        Assert.True(request.EncodedArgs.Length > Size);
    }

    [Fact]
    public void Megabytes_of_escaped_emoji_and_uD_text_in_metadata_are_accepted()
    {
        var preparer = new InsertPreparer(25, TimeProvider.System);
        var definition = JobDefinition.For<Mailing>();
        var encoded = JobInsertRequest.Create(new Mailing("s", ["a"], null, null, 'x', null)).EncodedArgs;
        preparer.Prepare(definition, encoded, new InsertOptions { Metadata = "{\"note\":\"" + Repeat("\\uD83D\\uDE00") + "\"}" });
        preparer.Prepare(definition, encoded, new InsertOptions { Metadata = "{\"note\":\"" + Repeat("\\\\uD") + "\"}" });
        preparer.Prepare(definition, encoded, new InsertOptions { Metadata = "{\"note\":\"" + string.Concat(Enumerable.Repeat("😀", Size / 4)) + "\"}" });
        var late = Assert.Throws<ArgumentException>(() => preparer.Prepare(definition, encoded, new InsertOptions { Metadata = "{\"note\":\"" + Repeat("\\uD83D\\uDE00") + "\\uD800\"}" }));
        Assert.Contains("lone UTF-16 surrogate U+D800", late.Message, StringComparison.Ordinal);
    }

    private static string Repeat(string unit)
    {
        var sb = new StringBuilder(Size + unit.Length);
        while (sb.Length < Size)
        {
            sb.Append(unit);
        }
        return sb.ToString();
    }
}
