using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using River.Uniqueness;

namespace River.Runtime.Tests.Uniqueness;

public sealed class UniqueKeyBuilderTests
{
    private static readonly FixedTime Clock = new(new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.Zero));
    private static readonly byte[] EmailArgs = """{"to":"a@example.com","subject":"hi","account_id":42}"""u8.ToArray();

    private static string KeyString(string args, UniqueOptions opts, string kind = "k", string queue = "default", DateTimeOffset? scheduledAt = null) =>
        UniqueKeyBuilder.BuildKeyString(kind, Encoding.UTF8.GetBytes(args), opts, queue, scheduledAt, Clock);

    private static string Args(string args, params string[] paths)
    {
        var text = KeyString(args, new UniqueOptions { ByArgs = true, ArgPaths = paths.Length == 0 ? null : paths, ExcludeKind = true });
        Assert.StartsWith("&args=", text);
        return text["&args=".Length..];
    }

    [Fact]
    public void Design_reference_by_args()
    {
        var opts = new UniqueOptions { ByArgs = true };
        Assert.Equal("""&kind=email.send&args={"account_id":42,"subject":"hi","to":"a@example.com"}""",
            UniqueKeyBuilder.BuildKeyString("email.send", EmailArgs, opts, "default", null, Clock));
        Assert.Equal("acded334c87bff6c02e9226cca654d137fc333b45e1877546a48510f71b41f15",
            Convert.ToHexStringLower(UniqueKeyBuilder.Compute("email.send", EmailArgs, opts, "default", null, Clock)));
    }

    [Fact]
    public void Design_reference_by_args_period_and_queue()
    {
        var opts = new UniqueOptions { ByArgs = true, ByPeriod = TimeSpan.FromHours(1), ByQueue = true };
        Assert.Equal("""&kind=email.send&args={"account_id":42,"subject":"hi","to":"a@example.com"}&period=2024-05-17T13:00:00Z&queue=mail""",
            UniqueKeyBuilder.BuildKeyString("email.send", EmailArgs, opts, "mail", null, Clock));
        Assert.Equal("8bdd08c9b8ff7632c6509b7429d6b8dd96c825ef3fd3e268396e826f21b39f05",
            Convert.ToHexStringLower(UniqueKeyBuilder.Compute("email.send", EmailArgs, opts, "mail", null, Clock)));
    }

    [Fact]
    public void Key_is_the_sha256_of_the_key_string_and_the_span_overload_agrees()
    {
        var opts = new UniqueOptions { ByArgs = true, ByQueue = true };
        var text = UniqueKeyBuilder.BuildKeyString("email.send", EmailArgs, opts, "mail", null, Clock);
        Span<byte> key = stackalloc byte[40];
        UniqueKeyBuilder.Compute("email.send", EmailArgs, opts, "mail", null, Clock, key);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(text)), key[..32].ToArray());
        Assert.Throws<ArgumentException>(() => UniqueKeyBuilder.Compute("k", "{}"u8, opts, "q", null, Clock, new byte[31]));
    }

    [Fact]
    public void Dimensions_appear_only_when_on_and_in_order()
    {
        Assert.Equal("&kind=k", KeyString("{}", new UniqueOptions()));
        Assert.Equal("", KeyString("{}", new UniqueOptions { ExcludeKind = true }));
        Assert.Equal("&queue=q1", KeyString("{}", new UniqueOptions { ExcludeKind = true, ByQueue = true }, queue: "q1"));
        Assert.Equal("&kind=k&period=2024-05-17T13:47:12Z&queue=q1", KeyString("{}", new UniqueOptions { ByQueue = true, ByPeriod = TimeSpan.FromSeconds(1) }, queue: "q1"));
        Assert.Equal("&kind=k&args={}", KeyString("", new UniqueOptions { ByArgs = true }));
    }

    [Fact]
    public void Top_level_keys_are_sorted_by_utf8_bytes_and_nested_order_is_kept()
    {
        Assert.Equal("""{"B":2,"a":1,"b":{"z":1,"a":[3,{"y":0,"x":1}]}}""", Args("""{"b":{"z":1,"a":[3,{"y":0,"x":1}]},"a":1,"B":2}"""));
        // U+FFFD (EF BF BD) sorts before U+1F600 (F0 9F 98 80) in UTF-8 although not in UTF-16.
        Assert.Equal("""{"\uFFFD":1,"😀":2}""".Replace("\\uFFFD", "\uFFFD", StringComparison.Ordinal), Args("""{"😀":2,"\uFFFD":1}""".Replace("\\uFFFD", "\uFFFD", StringComparison.Ordinal)));
    }

    [Fact]
    public void Whitespace_is_removed_and_repeated_names_keep_the_first_value()
    {
        Assert.Equal("""{"a":[1,2],"b":{"c":true}}""", Args(" { \"b\" : { \"c\" : true } ,\n \"a\" : [ 1 , 2 ] , \"b\" : null } "));
    }

    [Fact]
    public void System_text_json_escaping_is_normalized_to_go_escaping()
    {
        // What System.Text.Json writes by default for "<é+&'\u2028" and an unsafe key.
        var stj = JsonSerializer.Serialize(new Dictionary<string, string> { ["k<"] = "<é+&'\u2028\u0001\n\"\\/" });
        Assert.Contains("\\u003C", stj, StringComparison.Ordinal); // STJ: upper-case hex, escapes é and +
        Assert.Equal("{\"k<\":\"\\u003cé+\\u0026'\\u2028\\u0001\\n\\\"\\\\/\"}", Args(stj));

        var relaxed = JsonSerializer.Serialize(new Dictionary<string, string> { ["k<"] = "<é+&'\u2028\u0001\n\"\\/" },
            new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Equal(Args(stj), Args(relaxed));
    }

    [Fact]
    public void Hostile_strings_are_escaped_like_go()
    {
        Assert.Equal("{\"s\":\"\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\\u003c\\u003e\\u0026\\u2028\\u2029\\\"\\\\\"}",
            Args("{\"s\":\"\\b\\f\\n\\r\\t\\u0000\\u001F\u007f<>&\\u2028\\u2029\\\"\\\\\"}"));
        // Nested keys follow encoding/json; top-level keys the sjson rule (verbatim unless non-ASCII, control, quote or backslash).
        Assert.Equal("{\"<a&b>\":{\"\\u003cx\\u003e\":1},\"é\\u0026\":2}", Args("{\"<a&b>\":{\"<x>\":1},\"é&\":2}"));
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_escapes_per_byte()
    {
        var args = new byte[] { (byte)'{', (byte)'"', (byte)'s', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'x', 0xFF, (byte)'"', (byte)'}' };
        // Utf8JsonReader does not validate UTF-8 inside unescaped strings; Go's encoder writes \ufffd per bad byte.
        var result = UniqueKeyBuilder.BuildKeyString("k", args, new UniqueOptions { ByArgs = true, ExcludeKind = true }, "q", null, Clock);
        Assert.Equal("&args={\"s\":\"\\ufffdx\\ufffd\"}", result);
    }

    [Fact]
    public void Marked_paths_select_nested_values_in_sorted_order()
    {
        const string args = """{"customer":{"region":"eu","id":7,"name":"x"},"amount":5,"note":null,"z":{"a":1}}""";
        Assert.Equal("""{"amount":5,"customer":{"id":7,"region":"eu"},"z":{"a":1}}""", Args(args, "z", "customer.region", "amount", "customer.id"));
        Assert.Equal("""{"note":null}""", Args(args, "note", "missing"));
        Assert.Equal("", Args(args, "missing", "customer.missing", "amount.inner"));
        Assert.Equal("", Args("[1,2]", "a"));
        Assert.Equal("", Args("", "a"));
    }

    [Fact]
    public void Marked_paths_with_escaped_dots_and_repeats()
    {
        const string args = """{"user.id":"literal","user":{"id":"nested"}}""";
        Assert.Equal("""{"user":{"id":"nested"}}""", Args(args, "user.id"));
        Assert.Equal("""{"user.id":"literal"}""", Args(args, @"user\.id"));
        Assert.Equal("""{"user":{"id":"nested"},"user.id":"literal"}""", Args(args, @"user\.id", "user.id", "user.id"));
        Assert.Equal("""{"a":{"b":{"c":1,"d":2},"e":3}}""", Args("""{"a":{"e":3,"b":{"d":2,"c":1}}}""", "a.b.c", "a.e", "a.b.d"));
    }

    [Fact]
    public void Bad_marked_paths_are_refused_with_the_path_named()
    {
        static string Error(params string[] paths) =>
            Assert.Throws<ArgumentException>(() => KeyString("{}", new UniqueOptions { ByArgs = true, ArgPaths = paths })).Message;
        Assert.Contains("UniqueOptions.ArgPaths[1] must not be empty", Error("a", ""), StringComparison.Ordinal);
        Assert.Contains("has an empty name at index 2", Error("a..b"), StringComparison.Ordinal);
        Assert.Contains("ends with an empty name", Error("a."), StringComparison.Ordinal);
        Assert.Contains("unpaired", Error(@"a\"), StringComparison.Ordinal);
        Assert.Contains("\"a\" and \"a.b\" overlap", Error("a.b", "a"), StringComparison.Ordinal);
        Assert.Null(UniqueKeyBuilder.Validate(new UniqueOptions { ByArgs = false, ArgPaths = ["a..b"] }));
    }

    [Theory]
    [InlineData("[1]", "a non-empty array")]
    [InlineData("null", "null")]
    [InlineData("\"args\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("true", "a boolean")]
    public void All_args_must_be_an_object(string args, string got)
    {
        var e = Assert.Throws<ArgumentException>(() => KeyString(args, new UniqueOptions { ByArgs = true }));
        Assert.Contains("Unique args must encode a JSON object (or an empty array), got " + got, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1} x")]
    [InlineData("{'a':1}")]
    public void Malformed_args_get_a_clear_error(string args)
    {
        var e = Assert.Throws<ArgumentException>(() => KeyString(args, new UniqueOptions { ByArgs = true }));
        Assert.Equal("encodedArgs", e.ParamName);
    }

    [Fact]
    public void Empty_array_counts_as_empty_object() => Assert.Equal("{}", Args("[]"));

    [Fact]
    public void Lone_surrogate_escape_gets_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Args("{\"a\":\"\\ud800\"}"));
        Assert.Contains("cannot be unescaped", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-05-17T13:00:00Z", 3600, "2024-05-17T13:00:00Z")] // on the boundary
    [InlineData("2024-05-17T12:59:59.9999999Z", 3600, "2024-05-17T12:00:00Z")] // one tick before
    [InlineData("2024-05-17T13:47:12Z", 1, "2024-05-17T13:47:12Z")]
    [InlineData("2024-05-17T13:47:12.5Z", 1, "2024-05-17T13:47:12Z")]
    [InlineData("2024-05-17T13:47:12Z", 86400, "2024-05-17T00:00:00Z")]
    [InlineData("2024-05-17T13:47:12Z", 604800, "2024-05-13T00:00:00Z")] // weeks from 0001-01-01 (a Monday)
    [InlineData("2024-05-17T13:47:12Z", 7, "2024-05-17T13:47:07Z")] // 7 s does not divide a minute: counted from year 1
    [InlineData("2024-05-17T13:47:12+02:00", 3600, "2024-05-17T11:00:00Z")] // offsets are converted to UTC
    [InlineData("0001-01-01T00:00:00Z", 3600, "0001-01-01T00:00:00Z")]
    [InlineData("2024-05-17T13:47:12Z", 315576000000, "0001-01-01T00:00:00Z")] // 10,000 years
    public void Period_start(string time, long seconds, string expected)
    {
        var at = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);
        var text = KeyString("{}", new UniqueOptions { ExcludeKind = true, ByPeriod = TimeSpan.FromSeconds(seconds) }, scheduledAt: at);
        Assert.Equal("&period=" + expected, text);
    }

    [Fact]
    public void Odd_sub_second_period_drops_the_fraction_from_the_text()
    {
        var at = new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.Zero);
        var period = TimeSpan.FromMilliseconds(1500);
        var start = UniqueKeyBuilder.PeriodStart(at, period);
        Assert.Equal(0, start.UtcTicks % period.Ticks);
        Assert.True(start <= at && at < start + period);
        Assert.Equal("&period=" + start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            KeyString("{}", new UniqueOptions { ExcludeKind = true, ByPeriod = period }, scheduledAt: at));
    }

    [Fact]
    public void Period_uses_now_from_the_time_provider_when_not_scheduled() =>
        Assert.Equal("&period=2024-05-17T13:45:00Z", KeyString("{}", new UniqueOptions { ExcludeKind = true, ByPeriod = TimeSpan.FromMinutes(15) }));

    // The analyzers report these invalid literals at compile time; the runtime's own check is under test here.
#pragma warning disable RIVER0008, RIVER0009
    [Fact]
    public void Period_below_one_second_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => KeyString("{}", new UniqueOptions { ByPeriod = TimeSpan.FromMilliseconds(999) }));
        Assert.StartsWith("UniqueOptions.ByPeriod must be at least 1 second", e.Message, StringComparison.Ordinal);
        Assert.NotNull(UniqueKeyBuilder.Validate(new UniqueOptions { ByPeriod = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniqueKeyBuilder.PeriodStart(DateTimeOffset.UnixEpoch, TimeSpan.Zero));
    }

    [Fact]
    public void State_sets_missing_a_required_state_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => KeyString("{}", new UniqueOptions { ByState = [JobState.Available, JobState.Running, JobState.Scheduled] }));
        Assert.StartsWith("UniqueOptions.ByState must contain available, pending, running and scheduled; missing: pending", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not a job state: 9", UniqueKeyBuilder.Validate(new UniqueOptions { ByState = [(JobState)9] }), StringComparison.Ordinal);
        Assert.Null(UniqueKeyBuilder.Validate(new UniqueOptions { ByState = [] }));
    }

#pragma warning restore RIVER0008, RIVER0009

    [Fact]
    public void Unique_state_bits()
    {
        Assert.Equal(1, UniqueStates.Bit(JobState.Available));
        Assert.Equal(2, UniqueStates.Bit(JobState.Cancelled));
        Assert.Equal(4, UniqueStates.Bit(JobState.Completed));
        Assert.Equal(8, UniqueStates.Bit(JobState.Discarded));
        Assert.Equal(16, UniqueStates.Bit(JobState.Pending));
        Assert.Equal(32, UniqueStates.Bit(JobState.Retryable));
        Assert.Equal(64, UniqueStates.Bit(JobState.Running));
        Assert.Equal(128, UniqueStates.Bit(JobState.Scheduled));
        Assert.Equal(UniqueStates.Default, UniqueStates.ToBitmask(UniqueOptions.DefaultStates));
        Assert.Equal(UniqueStates.Required, UniqueStates.ToBitmask(UniqueOptions.RequiredStates));
        Assert.Equal(UniqueOptions.DefaultStates, UniqueStates.FromBitmask(UniqueStates.Default));
        Assert.True(UniqueStates.Contains(245, JobState.Completed));
        Assert.False(UniqueStates.Contains(245, JobState.Cancelled));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniqueStates.Bit((JobState)8));
    }

    [Fact]
    public void Kind_and_queue_are_written_as_utf8()
    {
        Assert.Equal("&kind=küche&queue=q", KeyString("{}", new UniqueOptions { ByQueue = true }, kind: "küche", queue: "q"));
    }

    [Fact]
    public void Large_args_with_many_keys()
    {
        var builder = new StringBuilder("{");
        for (var i = 999; i >= 0; i--)
            builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"k{i:D4}\":{i}{(i > 0 ? "," : "")}");
        builder.Append('}');
        var result = Args(builder.ToString());
        Assert.StartsWith("{\"k0000\":0,\"k0001\":1,", result, StringComparison.Ordinal);
        Assert.EndsWith("\"k0999\":999}", result, StringComparison.Ordinal);
    }
}
