using System.Diagnostics;
using System.Text.Json;
using River.Diagnostics;

namespace River.Runtime.Tests.Diagnostics;

public sealed class TraceContextMetadataTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Theory]
    [InlineData("{}", """{"river:traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""")]
    [InlineData(" { } ", """{"river:traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}""")]
    [InlineData("""{"a":1}""", """{"river:traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","a":1}""")]
    [InlineData("""{ "a": {"b": [1, "}"]} }""", """{"river:traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "a": {"b": [1, "}"]} }""")]
    public void The_traceparent_becomes_the_first_member_and_the_rest_is_kept(string metadata, string expected)
    {
        var with = TraceContextMetadata.With(metadata, TraceParent);
        Assert.Equal(expected, with);
        using var doc = JsonDocument.Parse(with); // still one valid object
        Assert.Equal(TraceParent, doc.RootElement.GetProperty("river:traceparent").GetString());
    }

    [Fact]
    public void A_stored_context_reads_back_as_a_remote_parent()
    {
        Assert.True(TraceContextMetadata.TryRead(TraceContextMetadata.With("""{"a":1}""", TraceParent), out var context));
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", context.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, context.TraceFlags);
        Assert.True(context.IsRemote);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"a":"river:traceparent"}""")]
    [InlineData("""{"river:traceparent":"not a traceparent"}""")]
    [InlineData("""{"river:traceparent":42}""")]
    [InlineData("""{"river:traceparent":""")]
    [InlineData("""["river:traceparent"]""")]
    public void Missing_or_damaged_contexts_are_ignored(string metadata)
        => Assert.False(TraceContextMetadata.TryRead(metadata, out _));

    [Fact]
    public void Only_w3c_activities_are_propagated()
    {
        using var w3c = new Activity("w3c").SetIdFormat(ActivityIdFormat.W3C).Start();
        Assert.Equal(w3c.Id, TraceContextMetadata.TraceParentOf(w3c));
        w3c.Stop();
        using var hierarchical = new Activity("hierarchical").SetIdFormat(ActivityIdFormat.Hierarchical).Start();
        Assert.Null(TraceContextMetadata.TraceParentOf(hierarchical));
        Assert.Null(TraceContextMetadata.TraceParentOf(null));
    }
}
