using System.Text;
using System.Text.Json;
using River.Runtime.Tests.Generated;

namespace River.Runtime.Tests.Serialization;

/// <summary>
/// Input the generated readers must accept or refuse exactly as System.Text.Json does, with errors that name the
/// property path.
/// </summary>
public sealed class MalformedJsonTests
{
    /// <summary>System.Text.Json configured as the generated readers are by default (RiverJsonOptions.StrictArgs).</summary>
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    [Theory]
    [InlineData("""{"i32":"x"}""", "$.i32")]
    [InlineData("""{"i32":null}""", "$.i32")]
    [InlineData("""{"i32":1.5}""", "$.i32")]
    [InlineData("""{"i32":2147483648}""", "$.i32")]
    [InlineData("""{"u8":-1}""", "$.u8")]
    [InlineData("""{"flag":"true"}""", "$.flag")]
    [InlineData("""{"letter":"ab"}""", "$.letter")]
    [InlineData("""{"id":"not-a-guid"}""", "$.id")]
    [InlineData("""{"day":"2024-13-01"}""", "$.day")]
    [InlineData("""{"clock":"25:00:00"}""", "$.clock")]
    [InlineData("""{"span":"1 day"}""", "$.span")]
    [InlineData("""{"when":"yesterday"}""", "$.when")]
    [InlineData("""{"color":"Red"}""", "$.color")]
    [InlineData("""{"tiny":300}""", "$.tiny")]
    [InlineData("""{"money":"1"}""", "$.money")]
    [InlineData("""{"i32":tru}""", "$.i32")]
    [InlineData("""{"i32":5e0}""", "$.i32")]
    public void Scalars_refused_with_the_property_path(string json, string path) => AssertBothRefuse<Scalars>(json, path);

    [Theory]
    [InlineData("""{"name":"a","child":{"label":1}}""", "$.child.label")]
    [InlineData("""{"name":"a","child":{"label":"x","color":0,"children":[{"label":"y","color":"blue"}]}}""", "$.child.children[0].color")]
    [InlineData("""{"name":"a","child":[]}""", "$.child")]
    public void Nested_errors_name_the_full_path(string json, string path) => AssertBothRefuse<Positional>(json, path);

    [Theory]
    [InlineData("""{"matrix":[[1],[2,"x"]]}""", "$.matrix[1][1]")]
    [InlineData("""{"counts":{"a":1,"b":true}}""", "$.counts.b")]
    [InlineData("""{"ints":{}}""", "$.ints")]
    [InlineData("""{"counts":[]}""", "$.counts")]
    [InlineData("""{"blobs":["***"]}""", "$.blobs[0]")]
    [InlineData("""{"leaves":{"k":{"label":"x","color":1,"children":7}}}""", "$.leaves.k.children")]
    [InlineData("""{"ids":[1,1,"x"]}""", "$.ids[1]")] // STJ counts the set's elements, not the JSON items
    public void Collection_errors_name_index_and_key(string json, string path) => AssertBothRefuse<Collections>(json, path);

    [Theory]
    [InlineData("""{"mood":"angry","access":"Read, write","property_level":"green","numeric":5}""")]
    [InlineData("""{"mood":4,"access":3,"maybe_mood":null,"moods":["Calm",4]}""")]
    public void String_enums_read_like_System_Text_Json(string json) => AssertSameRead<StringEnums>(json);

    [Theory]
    [InlineData("""{"mood":"furious"}""", "$.mood")]
    [InlineData("""{"numeric":"Green"}""", "$.numeric")]
    [InlineData("""{"moods":["Calm","nope"]}""", "$.moods[1]")]
    public void String_enums_refused_like_System_Text_Json(string json, string path) => AssertBothRefuse<StringEnums>(json, path);

    [Theory]
    [InlineData("""{"ids":[3,1,3,2,1],"names":["b","a","b"],"palette":[5,5,0]}""")]
    public void Sets_collapse_duplicates_like_System_Text_Json(string json) => AssertSameRead<Collections>(json);

    [Fact]
    public void Missing_required_members_are_named()
    {
        var e = AssertBothRefuse<Members>("""{"id":"x"}""", "$");
        Assert.Contains("must_have", e.Message, StringComparison.Ordinal);
        e = AssertBothRefuse<Members>("""{"must_have":1}""", "$");
        Assert.Contains("'id'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    [InlineData("{\"i32\":1")]
    [InlineData("{\"i32\":1,}")]
    [InlineData("{/*comment*/\"i32\":1}")]
    [InlineData("{'i32':1}")]
    public void Malformed_documents_are_refused(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Scalars>(json, Options));
        Assert.ThrowsAny<JsonException>(() => JobDefinition.For<Scalars>().Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"zzz":{"a":[1,{"b":2}]},"i32":5,"other":null}""")]
    [InlineData("""{"i32":1,"i32":5}""")]
    [InlineData("""{"\u0069\u003332":5}""")]
    [InlineData("""{"I32":7,"i32":5}""")]
    [InlineData("""  {  "i32" : 5 , "text" : "a\"b\u00e9\ud83d\ude00"  }  """)]
    public void Accepted_input_reads_like_System_Text_Json(string json) => AssertSameRead<Scalars>(json);

    [Theory]
    [InlineData("""{"id":"x","must_have":1}""")]
    [InlineData("""{"id":"x","must_have":1,"currency":"USD","plain":3,"tags":null,"ignored":9,"read_only":"z","private_set":"p"}""")]
    [InlineData("""{"must_have":1,"id":null}""")]
    public void Missing_members_keep_their_defaults(string json)
    {
        AssertSameRead<Members>(json);
        var value = JobDefinition.For<Members>().Deserialize(Encoding.UTF8.GetBytes("""{"id":"x","must_have":1}"""));
        Assert.Equal("EUR", value.Currency);
        Assert.Equal(["default"], value.Tags);
    }

    [Theory]
    [InlineData("""{"name":"n"}""")]
    [InlineData("""{"count":3}""")]
    [InlineData("""{"custom-name":"r","naïve ünïcode":"u","quote\"and<tag>":4,"name":"n"}""")]
    public void Missing_constructor_parameters_take_their_default_values(string json)
    {
        AssertSameRead<Positional>(json);
        Assert.Equal(7, JobDefinition.For<Positional>().Deserialize("""{"name":"n"}"""u8).Count);
    }

    [Theory]
    [InlineData("""{"id":-5,"label":"x","extra":3}""")]
    [InlineData("""{"extra":3}""")]
    public void Constructor_classes_read_like_System_Text_Json(string json) => AssertSameRead<CtorClass>(json);

    [Theory]
    [InlineData("""{"a":5}""")]
    [InlineData("""{"a":5,"b":9,"c":"x","d":1}""")]
    public void Constructor_parameters_of_ignored_properties_take_their_defaults(string json)
    {
        var expected = JsonSerializer.Deserialize<IgnoredParameter>(json, Options);
        Assert.Equal(expected, JobDefinition.For<IgnoredParameter>().Deserialize(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(new IgnoredParameter(5), expected);
    }

    [Theory]
    [InlineData("""{"class":1,"default":"x","if":true}""")]
    [InlineData("""{"if":false}""")]
    public void Keyword_member_names_read_like_System_Text_Json(string json)
    {
        AssertSameRead<@event>(json);
        Assert.Equal(JsonSerializer.Serialize(new @event { @class = 2, @if = true }, Options), Encoding.UTF8.GetString(JobDefinition.For<@event>().Serialize(new @event { @class = 2, @if = true })));
    }

    [Theory]
    [InlineData("""{"legacy":1,"older":"o","current":2}""")]
    public void Obsolete_members_are_still_serialized(string json) => AssertSameRead<WithObsolete>(json);

    [Fact]
    public void Null_args_are_refused_with_the_kind()
    {
        var e = Assert.Throws<JsonException>(() => JobDefinition.For<Scalars>().Deserialize("null"u8));
        Assert.Contains("test.scalars", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Both read the same value, or both refuse the JSON, ours with System.Text.Json's words (plus the path).</summary>
    private static void AssertSameRead<T>(string json) where T : notnull
    {
        T expected;
        try
        {
            expected = JsonSerializer.Deserialize<T>(json, Options)!;
        }
        catch (JsonException stj)
        {
            var ours = Assert.ThrowsAny<JsonException>(() => JobDefinition.For<T>().Deserialize(Encoding.UTF8.GetBytes(json)));
            Assert.Contains(FirstSentence(stj.Message), ours.Message, StringComparison.Ordinal);
            return;
        }
        var actual = JobDefinition.For<T>().Deserialize(Encoding.UTF8.GetBytes(json));
        Assert.Equal(JsonSerializer.Serialize(expected, Options), JsonSerializer.Serialize(actual, Options));
    }

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');

    private static JsonException AssertBothRefuse<T>(string json, string path) where T : notnull
    {
        var stj = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<T>(json, Options));
        Assert.Equal(path, stj.Path);
        var ours = Assert.ThrowsAny<JsonException>(() => JobDefinition.For<T>().Deserialize(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, ours.Path);
        if (path != "$")
        {
            Assert.Contains(path, ours.Message, StringComparison.Ordinal);
        }
        return ours;
    }
}
