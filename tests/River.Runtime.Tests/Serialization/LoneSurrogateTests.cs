// Invalid queue and tags on purpose (the runtime check is under test; the analyzers catch these constants at compile time).
#pragma warning disable RIVER0006, RIVER0007
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using River.Insertion;
using River.Serialization;

namespace River.Runtime.Tests.Serialization;

/// <summary>Strings, keys, nested values and a member that goes through a JsonSerializerContext.</summary>
[JobArgs("test.lone_surrogates", JsonContext = typeof(LoneSurrogateJsonContext))]
public sealed record Mailing(string Subject, List<string> Recipients, Dictionary<string, string>? Labels, MailPart? Part, char Mark, Queue<string>? Extra);

/// <summary>A nested record of <see cref="Mailing"/>.</summary>
public sealed record MailPart(string Title, string[] Lines);

/// <summary>The context of <see cref="Mailing.Extra"/> (a shape the generated serializer leaves to System.Text.Json).</summary>
[JsonSerializable(typeof(Queue<string>))]
internal sealed partial class LoneSurrogateJsonContext : JsonSerializerContext;

/// <summary>Args written entirely by a System.Text.Json source-generated context (its fast path).</summary>
public sealed record StjMailing(string Subject, List<string> Recipients, Dictionary<string, string> Labels);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StjMailing))]
internal sealed partial class StjMailingContext : JsonSerializerContext;

/// <summary>
/// Invalid UTF-16 (a lone surrogate) in args, metadata and options is refused at the insert call with the kind, the
/// JSON path and the index in the string; valid text, surrogate pairs included, is written exactly as
/// System.Text.Json writes it.
/// </summary>
public sealed class LoneSurrogateTests
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly JobDefinition<StjMailing> StjDefinition = new(
        "test.lone_surrogates_stj",
        static (writer, value) => JsonSerializer.Serialize(writer, value, StjMailingContext.Default.StjMailing),
        static (ref Utf8JsonReader reader) => JsonSerializer.Deserialize(ref reader, StjMailingContext.Default.StjMailing)!);

    private static Mailing Valid() => new("hello", ["a@example.com", "b@example.com", "c@example.com"],
        new Dictionary<string, string> { ["ok"] = "fine" }, new MailPart("title", ["one", "two"]), 'x', new Queue<string>(["q"]));

    private static ArgumentException Refused<T>(T args) where T : notnull
        => Assert.Throws<ArgumentException>(() => JobInsertRequest.Create(args));

    private static void AssertRefused(ArgumentException e, string kind, string where, char unit, int index)
    {
        Assert.Contains($"job kind '{kind}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(where + ": lone UTF-16 surrogate U+" + ((int)unit).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + " at index " + index, e.Message, StringComparison.Ordinal);
        Assert.Equal("args", e.ParamName);
    }

    [Fact]
    public void A_lone_high_surrogate_in_a_list_element_is_refused_with_its_path_and_index()
    {
        var e = Refused(Valid() with { Recipients = ["a", "b", "bad @\uD800x"] });
        AssertRefused(e, "test.lone_surrogates", "at $.recipients[2]", '\uD800', 5);
    }

    [Fact]
    public void A_lone_surrogate_in_a_string_property_is_refused()
        => AssertRefused(Refused(Valid() with { Subject = "abc\uD800" }), "test.lone_surrogates", "at $.subject", '\uD800', 3);

    [Fact]
    public void A_lone_low_surrogate_after_a_valid_pair_is_refused_at_its_own_index()
        => AssertRefused(Refused(Valid() with { Subject = "\U0001F600\uDC00" }), "test.lone_surrogates", "at $.subject", '\uDC00', 2);

    [Fact]
    public void A_lone_surrogate_in_a_dictionary_key_names_the_property_name()
    {
        var e = Refused(Valid() with { Labels = new() { ["ok"] = "fine", ["k\uDBFF"] = "v" } });
        AssertRefused(e, "test.lone_surrogates", "in the property name at $.labels['k\\uDBFF']", '\uDBFF', 1);
    }

    [Fact]
    public void A_lone_surrogate_in_a_dictionary_value_is_refused()
        => AssertRefused(Refused(Valid() with { Labels = new() { ["ok"] = "\uDC00" } }), "test.lone_surrogates", "at $.labels.ok", '\uDC00', 0);

    [Fact]
    public void A_lone_surrogate_in_a_nested_object_is_refused()
        => AssertRefused(Refused(Valid() with { Part = new MailPart("t", ["fine", "é\uD83D"]) }), "test.lone_surrogates", "at $.part.lines[1]", '\uD83D', 1);

    [Fact]
    public void A_lone_surrogate_char_is_refused()
        => AssertRefused(Refused(Valid() with { Mark = '\uDC00' }), "test.lone_surrogates", "at $.mark", '\uDC00', 0);

    [Fact]
    public void A_lone_surrogate_in_a_member_written_by_the_JsonSerializerContext_is_refused()
        => AssertRefused(Refused(Valid() with { Extra = new Queue<string>(["ok", "x\uD800"]) }), "test.lone_surrogates", "at $.extra[1]", '\uD800', 1);

    [Fact]
    public void Args_written_entirely_by_a_source_generated_context_are_refused_with_the_path()
    {
        var list = Assert.Throws<ArgumentException>(() => ArgsEncoding.Encode(StjDefinition, new StjMailing("s", ["a", "\uD800"], [])));
        AssertRefused(list, "test.lone_surrogates_stj", "at $.recipients[1]", '\uD800', 0);
        // The fast path writes a property's name and value in one call: the path still names the property.
        var key = Assert.Throws<ArgumentException>(() => ArgsEncoding.Encode(StjDefinition, new StjMailing("s", [], new() { ["\uDFFFkey"] = "v" })));
        AssertRefused(key, "test.lone_surrogates_stj", "in the property name at $.labels['\\uDFFFkey']", '\uDFFF', 0);
        var subject = Assert.Throws<ArgumentException>(() => ArgsEncoding.Encode(StjDefinition, new StjMailing("ab\uDBFF", [], [])));
        AssertRefused(subject, "test.lone_surrogates_stj", "at $.subject", '\uDBFF', 2);
    }

    [Fact]
    public void A_lone_surrogate_escape_written_as_raw_JSON_is_refused_with_its_path()
    {
        var raw = new JobDefinition<StjMailing>("test.lone_surrogates_raw",
            static (writer, _) =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("raw");
                writer.WriteRawValue("[\"ok\",\"x\\ud800\"]"); // lower-case hex, as no System.Text.Json writer would produce
                writer.WriteEndObject();
            },
            static (ref Utf8JsonReader reader) => throw new NotSupportedException());
        var e = Assert.Throws<ArgumentException>(() => ArgsEncoding.Encode(raw, new StjMailing("s", [], [])));
        AssertRefused(e, "test.lone_surrogates_raw", "at $.raw[1]", '\uD800', 1);
    }

    [Fact]
    public void A_JsonElement_holding_a_lone_surrogate_escape_is_refused()
    {
        // System.Text.Json cannot unescape it to write it: refused as unserializable, naming the kind (no path).
        using var doc = JsonDocument.Parse("""{"a":"x\ud800"}""");
        var e = Assert.Throws<ArgumentException>(() => JobInsertRequest.Create(new River.Runtime.Tests.Generated.Dynamic(doc.RootElement.Clone(), null, null)));
        Assert.Contains("job kind 'test.dynamic' cannot be serialized", e.Message, StringComparison.Ordinal);
        Assert.Contains("surrogate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_surrogate_pairs_round_trip_byte_identical_to_System_Text_Json()
    {
        var args = Valid() with
        {
            Subject = "😀 grüße \U0010FFFF\uD800\uDC00 \\uD800 literal",
            Recipients = ["\U0001F600", "a\U0001F680b", "\uFFFD"],
            Labels = new() { ["🔑"] = "🔒", ["\\uDC00"] = "text that looks like an escape" },
            Extra = new Queue<string>(["🎉"]),
        };
        var bytes = JobInsertRequest.Create(args).EncodedArgs.ToArray();
        Assert.Equal(JsonSerializer.Serialize(args, SnakeCase), Encoding.UTF8.GetString(bytes));
        var read = JobDefinition.For<Mailing>().Deserialize(bytes);
        Assert.Equal(args.Subject, read.Subject);
        Assert.Equal(args.Recipients, read.Recipients);
        Assert.Equal(args.Labels, read.Labels);
        Assert.Equal(args.Extra, read.Extra);
    }

    [Fact]
    public void Every_BMP_character_and_pairs_across_planes_are_written_as_System_Text_Json_writes_them()
    {
        var text = new StringBuilder();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                text.Append((char)c);
            }
        }
        for (var plane = 1; plane <= 16; plane++)
        {
            text.Append(char.ConvertFromUtf32((plane << 16) | 0x1234));
        }
        var all = text.ToString();
        var args = new StjMailing(all, [all], new() { [all] = "k" });
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(args, StjMailingContext.Default.StjMailing), StjDefinition.Serialize(args));
        // The insert path (which refuses NUL on its own) passes all of it unchanged.
        var storable = all[1..];
        args = new StjMailing(storable, [storable], new() { [storable] = "k" });
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(args, StjMailingContext.Default.StjMailing), ArgsEncoding.Encode(StjDefinition, args));
    }

    [Fact]
    public void The_encoder_escapes_each_lone_surrogate_and_leaves_the_rest_to_the_default_encoder()
    {
        var written = StjDefinition.Serialize(new StjMailing("a\uD800b\uDC00\U0001F600\uD800", [], []));
        Assert.Equal("""{"subject":"a\uD800b\uDC00\uD83D\uDE00\uD800","recipients":[],"labels":{}}""", Encoding.UTF8.GetString(written));
    }

    [Theory]
    [InlineData("\"\\uD800\"", true)]
    [InlineData("\"\\ud800\"", true)]
    [InlineData("\"\\uDC00\"", true)]
    [InlineData("\"\\uD83D\\uDE00\"", false)]
    [InlineData("\"\\ud83d\\ude00\"", false)]
    [InlineData("\"\\\\uD800\"", false)]
    [InlineData("\"\\\\\\uD800\"", true)]
    [InlineData("\"\\uD83D\\u0041\"", true)]
    [InlineData("\"\\uD7FF\\uE000\"", false)]
    [InlineData("\"\\uD83D", true)]
    [InlineData("{\"a\":1}", false)]
    public void The_output_scan_finds_lone_surrogate_escapes_only(string json, bool expected)
        => Assert.Equal(expected, LoneSurrogates.ContainsLoneEscape(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void IndexOf_finds_the_first_lone_surrogate()
    {
        // Not theory data: xunit would turn lone surrogates in [InlineData] into U+FFFD.
        (string Text, int Expected)[] cases =
        [
            ("", -1), ("plain", -1), ("\U0001F600\U0001F600", -1), ("\uD800", 0), ("ab\uDC00", 2), ("\U0001F600\uD83D", 2),
            ("\uD83D\uD83D\uDE00", 0), ("\uDE00\uD83D", 0), (new string('a', 100) + "\U0001F600" + new string('b', 100) + "\uDBFF", 202),
        ];
        foreach (var (text, expected) in cases)
        {
            Assert.Equal(expected, LoneSurrogates.IndexOf(text));
        }
    }

    [Fact]
    public void Metadata_with_a_lone_surrogate_is_refused_raw_or_escaped()
    {
        var preparer = new InsertPreparer(25, TimeProvider.System);
        var definition = JobDefinition.For<Mailing>();
        var encoded = JobInsertRequest.Create(Valid()).EncodedArgs;
#pragma warning disable RIVER0040 // refused metadata on purpose: the analyzer reports both texts too
        var raw = Assert.Throws<ArgumentException>(() => preparer.Prepare(definition, encoded, new InsertOptions { Metadata = "{\"note\":\"x\uD800\"}" }));
        Assert.Equal("Metadata", raw.ParamName);
        Assert.Contains("lone UTF-16 surrogate U+D800 at index 10 of the metadata text", raw.Message, StringComparison.Ordinal);
        var escaped = Assert.Throws<ArgumentException>(() => preparer.Prepare(definition, encoded, new InsertOptions { Metadata = """{"a":{"note":["ok","x\uDC00"]}}""" }));
        Assert.Equal("Metadata", escaped.ParamName);
#pragma warning restore RIVER0040
        Assert.Contains("at $.a.note[1]: lone UTF-16 surrogate U+DC00 at index 1", escaped.Message, StringComparison.Ordinal);
        // Valid pairs, raw or escaped, are fine.
        preparer.Prepare(definition, encoded, new InsertOptions { Metadata = """{"note":"😀 \uD83D\uDE00"}""" });
    }

    [Fact]
    public void Queue_tags_and_kind_with_a_lone_surrogate_are_refused_with_the_field_named()
    {
        var preparer = new InsertPreparer(25, TimeProvider.System);
        var definition = JobDefinition.For<Mailing>();
        var encoded = JobInsertRequest.Create(Valid()).EncodedArgs;
        var queue = Assert.Throws<ArgumentException>(() => preparer.Prepare(definition, encoded, new InsertOptions { Queue = "mail\uD800" }));
        Assert.StartsWith("Queue", queue.Message, StringComparison.Ordinal);
        Assert.Contains("U+D800 at index 4", queue.Message, StringComparison.Ordinal);
        var tags = Assert.Throws<ArgumentException>(() => preparer.Prepare(definition, encoded, new InsertOptions { Tags = ["ok_tag", "t\uDC00g"] }));
        Assert.StartsWith("Tags[1]", tags.Message, StringComparison.Ordinal);
        Assert.Contains("U+DC00 at index 1", tags.Message, StringComparison.Ordinal);
        var kind = JobOptionRules.ValidateKind("kind\uD800");
        Assert.Contains("U+D800 at index 4", kind, StringComparison.Ordinal);
        Assert.Equal("Client id contains a lone UTF-16 surrogate U+DBFF at index 2", JobOptionRules.ValidateClientId("id\uDBFF"));
        Assert.Null(JobOptionRules.ValidateClientId("id 😀"));
    }
}
