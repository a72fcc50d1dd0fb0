using System.Globalization;
using River.Analyzers.Insertion;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0040 (metadata is not a JSON object) and RIVER0041 (reserved metadata key) on constant InsertOptions.Metadata.</summary>
public sealed class MetadataTests
{
    private static string Source(string metadata) => $$"""
        public static class Options
        {
            public static readonly InsertOptions Value = new() { Metadata = {{metadata}} };
        }
        """;

    [Theory]
    [InlineData("[|\"\"|]")]
    [InlineData("[|\"[1, 2]\"|]")]
    [InlineData("[|\"\\\"text\\\"\"|]")]
    [InlineData("[|\"42\"|]")]
    [InlineData("[|\"null\"|]")]
    [InlineData("[|\"{\\\"a\\\": 1,}\"|]")]
    [InlineData("[|\"{a: 1}\"|]")]
    [InlineData("[|\"{\\\"a\\\": 1} {}\"|]")]
    [InlineData("[|\"{\\\"a\\\": \\\"\\\\u0000\\\"}\"|]")]
    [InlineData("[|\"{\\\"a\\\": \\\"\\\\uD800\\\"}\"|]")]
    [InlineData("[|\"{\\\"a\\\": 01}\"|]")]
    [InlineData("[|\"{\\\"a\\\": // comment\\n 1}\"|]")]
    public async Task TextTheInsertRefuses_IsReported(string metadata)
        => await AnalyzerVerifier.VerifyAsync(Source(metadata), "RIVER0040");

    [Theory]
    [InlineData("\"{}\"")]
    [InlineData("\" { \\\"tenant\\\": \\\"acme\\\", \\\"n\\\": [1, -2.5e3, true, null, {\\\"deep\\\": {}}] } \"")]
    [InlineData("\"{\\\"emoji\\\": \\\"\\\\uD83D\\\\uDE00\\\"}\"")]
    [InlineData("null")]
    public async Task TextTheInsertAccepts_IsNotReported(string metadata)
        => await AnalyzerVerifier.VerifyAsync(Source(metadata));

    [Fact]
    public async Task MetadataComputedAtRunTime_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Options
            {
                public static InsertOptions For(string text) => new() { Metadata = text };
            }
            """);

    [Theory]
    [InlineData("output")]
    [InlineData("snoozes")]
    [InlineData("river:traceparent")]
    public async Task ReservedKey_IsReported(string key)
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync(Source($$"""[|"{\"tenant\": 1, \"{{key}}\": 2}"|]"""), "RIVER0041");
        Assert.Contains($"\"{key}\" is reserved by River", diagnostics[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReservedKeyNestedInAValue_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync(Source("""
            "{\"mine\": {\"output\": 1}}"
            """));

    [Fact]
    public async Task EscapedReservedKey_IsReported()
        => await AnalyzerVerifier.VerifyAsync(Source("""
            [|"{\"\\u006futput\": 1}"|]
            """), "RIVER0041");

    [Fact]
    public void Depth_FollowsSystemTextJsonsDefault()
    {
        string Nested(int depth) => "{\"a\":" + string.Concat(Enumerable.Repeat("[", depth - 1)) + string.Concat(Enumerable.Repeat("]", depth - 1)) + "}";
        Assert.Null(MetadataText.Check(Nested(MetadataText.MaxDepth), out _));
        Assert.NotNull(MetadataText.Check(Nested(MetadataText.MaxDepth + 1), out _));
        // The same answers as the runtime's parser.
        Assert.Null(Record(() => System.Text.Json.JsonDocument.Parse(Nested(MetadataText.MaxDepth)).Dispose()));
        Assert.NotNull(Record(() => System.Text.Json.JsonDocument.Parse(Nested(MetadataText.MaxDepth + 1)).Dispose()));
    }

    /// <summary>The reader agrees with System.Text.Json (which the insert uses) on valid and invalid JSON texts.</summary>
    [Theory]
    [InlineData("{}")]
    [InlineData("{\"a\":1}")]
    [InlineData("{\"a\":[1,2,{\"b\":null}],\"c\":\"\\n\\t\\u00e9\"}")]
    [InlineData("{\"a\":-0.5E+10}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":.5}")]
    [InlineData("{\"a\":1.}")]
    [InlineData("{\"a\":+1}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":\"\\x\"}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\":1")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":\"line\nbreak\"}")]
    [InlineData("{\"a\":[1 2]}")]
    public void Reader_AgreesWithSystemTextJson_OnSyntax(string json)
    {
        var ours = MetadataText.Check(json, out _);
        var theirs = Record(() => System.Text.Json.JsonDocument.Parse(json).Dispose());
        Assert.True((ours is null) == (theirs is null), $"reader: {ours ?? "valid"}; System.Text.Json: {theirs?.Message ?? "valid"}");
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (System.Text.Json.JsonException e)
        {
            return e;
        }
    }
}
