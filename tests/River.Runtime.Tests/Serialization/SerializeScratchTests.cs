using System.Text;
using System.Text.Json;

namespace River.Runtime.Tests.Serialization;

/// <summary><see cref="JobDefinition{TArgs}.Serialize"/> reuses a per-thread writer: reuse must never leak state between calls.</summary>
public sealed class SerializeScratchTests
{
    private sealed record Payload(string Text, bool Throw = false, Func<string>? Nested = null);

    private static readonly JobDefinition<Payload> Definition = new(
        "test.scratch",
        static (writer, value) =>
        {
            writer.WriteStartObject();
            writer.WriteString("text", value.Text);
            if (value.Nested is not null)
            {
                // A nested serialization on the same thread (rare, but legal) gets a writer of its own.
                writer.WriteString("nested", value.Nested());
            }
            if (value.Throw)
            {
                throw new InvalidOperationException("half-written");
            }
            writer.WriteEndObject();
        },
        static (ref Utf8JsonReader reader) => throw new NotSupportedException());

    private static string Json(Payload payload) => Encoding.UTF8.GetString(Definition.Serialize(payload));

    [Fact]
    public void A_failed_write_leaves_nothing_behind_for_the_next()
    {
        Assert.Throws<InvalidOperationException>(() => Definition.Serialize(new Payload("first", Throw: true)));
        Assert.Equal("""{"text":"second"}""", Json(new Payload("second")));
    }

    [Fact]
    public void Consecutive_writes_do_not_see_each_other()
    {
        Assert.Equal("""{"text":"a long first value"}""", Json(new Payload("a long first value")));
        Assert.Equal("""{"text":"b"}""", Json(new Payload("b")));
    }

    [Fact]
    public void A_nested_serialization_on_the_same_thread_gets_its_own_writer()
        => Assert.Equal("""{"text":"outer","nested":"{\u0022text\u0022:\u0022inner\u0022}"}""",
            Json(new Payload("outer", Nested: () => Json(new Payload("inner")))));

    [Fact]
    public void A_large_payload_is_written_whole_and_the_next_is_small_again()
    {
        var big = new string('x', 1_000_000);
        Assert.Equal(1_000_000 + """{"text":""}""".Length, Definition.Serialize(new Payload(big)).Length);
        Assert.Equal("""{"text":"small"}""", Json(new Payload("small")));
    }

    [Fact]
    public async Task Parallel_writers_on_many_threads_produce_their_own_bytes()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            Enumerable.Range(0, 200).All(j => Json(new Payload($"{i}-{j}")) == $$"""{"text":"{{i}}-{{j}}"}"""))));
        Assert.All(results, Assert.True);
    }
}
