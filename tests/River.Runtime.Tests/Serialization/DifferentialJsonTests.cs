using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using River.Runtime.Tests.Generated;

namespace River.Runtime.Tests.Serialization;

/// <summary>
/// The generated writers and readers against reflection-based System.Text.Json with the same naming policy
/// (snake_case_lower, River's default): byte-for-byte equal output under the default and the relaxed encoder, and
/// equal values when either side reads the other's output.
/// </summary>
public sealed class DifferentialJsonTests
{
    private const int InstancesPerShape = 400;

    public static TheoryData<string> Encoders => new() { "default", "relaxed" };

    private static JavaScriptEncoder? Encoder(string name) => name == "relaxed" ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null;

    private static JsonSerializerOptions Options(JavaScriptEncoder? encoder) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = encoder,
        // As the generated readers are by default (RiverJsonOptions.StrictArgs).
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Scalars_match(string encoder) => Run(encoder, 1, ShapeFactory.Scalars);

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Nullables_match(string encoder) => Run(encoder, 2, ShapeFactory.Nullables);

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Collections_match(string encoder) => Run(encoder, 3, ShapeFactory.Collections);

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Positional_records_match(string encoder) => Run(encoder, 4, ShapeFactory.Positional);

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Init_required_ignored_and_ordered_members_match(string encoder) => Run(encoder, 5, ShapeFactory.Members);

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Derived_members_come_first_as_in_System_Text_Json(string encoder) => Run(encoder, 6, ShapeFactory.Derived);

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Recursive_types_match(string encoder) => Run(encoder, 7, r => r.Tree(0));

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Constructor_classes_match(string encoder) => Run(encoder, 8, ShapeFactory.CtorClass);

    [Theory]
    [MemberData(nameof(Encoders))]
    public void String_enums_match(string encoder) => Run(encoder, 9, ShapeFactory.StringEnums);

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Json_elements_match(string encoder) => Run(encoder, 10, ShapeFactory.Dynamic);

    [Fact]
    public void Empty_args_match() => Check(new Empty(), null);

    [Fact]
    public void Null_collections_and_empty_collections_differ_as_in_System_Text_Json()
    {
        var empty = new Collections { Ints = [], Strings = [], Counts = [], Matrix = [[]] };
        var nulls = new Collections();
        Assert.Contains("\"ints\":[]", Check(empty, null), StringComparison.Ordinal);
        Assert.Contains("\"ints\":null", Check(nulls, null), StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_and_infinity_are_refused_like_System_Text_Json()
    {
        foreach (var value in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var args = new Scalars { F64 = value };
            Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(args, Options(null)));
            Assert.Throws<ArgumentException>(() => JobDefinition.For<Scalars>().Serialize(args));
        }
    }

    [Fact]
    public void Lone_surrogates_are_written_like_System_Text_Json()
    {
        foreach (var encoder in new[] { null, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            var args = new Scalars { Text = "a\ud800b\udc00" };
            Assert.Equal(JsonSerializer.Serialize(args, Options(encoder)), Write(args, encoder));
        }
    }

    private static void Run<T>(string encoderName, int seed, Func<RandomValues, T> create) where T : notnull
    {
        var random = new RandomValues(seed);
        var encoder = Encoder(encoderName);
        for (var i = 0; i < InstancesPerShape; i++)
        {
            Check(create(random), encoder);
        }
    }

    /// <summary>Asserts equal output and equal read-back; returns the JSON.</summary>
    private static string Check<T>(T value, JavaScriptEncoder? encoder) where T : notnull
    {
        var options = Options(encoder);
        var expected = JsonSerializer.Serialize(value, options);
        var actual = Write(value, encoder);
        Assert.Equal(expected, actual);

        // The generated reader over System.Text.Json's output gives a value System.Text.Json writes the same way...
        var definition = JobDefinition.For<T>();
        var read = definition.Deserialize(Encoding.UTF8.GetBytes(expected));
        Assert.Equal(expected, JsonSerializer.Serialize(read, options));
        // ...and System.Text.Json reads the generated output back to the same value.
        var stjRead = JsonSerializer.Deserialize<T>(actual, options)!;
        Assert.Equal(expected, Write(stjRead, encoder));
        return actual;
    }

    private static string Write<T>(T value, JavaScriptEncoder? encoder) where T : notnull
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            JobDefinition.For<T>().Write(writer, value);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
