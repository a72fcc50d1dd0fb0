using River.Runtime.Tests.Generated;
using River.Serialization;

namespace River.Runtime.Tests.Serialization;

/// <summary>Unique keys against the reference values worked out from River's algorithm (DESIGN.md §3).</summary>
public sealed class UniqueKeyBuilderTests
{
    private static readonly byte[] EmailArgs = """{"to":"a@example.com","subject":"hi","account_id":42}"""u8.ToArray();
    private static readonly DateTimeOffset At = new(2024, 5, 17, 13, 47, 12, TimeSpan.Zero);

    [Fact]
    public void By_args_matches_the_reference_key()
    {
        var options = new UniqueOpts { ByArgs = true };
        Assert.Equal(
            """&kind=email.send&args={"account_id":42,"subject":"hi","to":"a@example.com"}""",
            UniqueKeyBuilder.BuildKeyString("email.send", EmailArgs, options, "default", At));
        Assert.Equal("acded334c87bff6c02e9226cca654d137fc333b45e1877546a48510f71b41f15",
            Convert.ToHexStringLower(UniqueKeyBuilder.Build("email.send", EmailArgs, options, "default", At)));
    }

    [Fact]
    public void By_args_period_and_queue_matches_the_reference_key()
    {
        var options = new UniqueOpts { ByArgs = true, ByPeriod = TimeSpan.FromHours(1), ByQueue = true };
        Assert.Equal(
            """&kind=email.send&args={"account_id":42,"subject":"hi","to":"a@example.com"}&period=2024-05-17T13:00:00Z&queue=mail""",
            UniqueKeyBuilder.BuildKeyString("email.send", EmailArgs, options, "mail", At));
        Assert.Equal("8bdd08c9b8ff7632c6509b7429d6b8dd96c825ef3fd3e268396e826f21b39f05",
            Convert.ToHexStringLower(UniqueKeyBuilder.Build("email.send", EmailArgs, options, "mail", At)));
    }

    [Fact]
    public void Generated_definition_feeds_the_builder_the_same_args()
    {
        // The generated serializer writes the args River's way; the key over them is the reference key.
        var args = new Positional("n", 3);
        var json = JobDefinition.For<Positional>().Serialize(args);
        Assert.Equal("""{"child":null,"count":3,"custom-name":null,"name":"n","naïve ünïcode":null,"quote\"and\u003ctag\u003e":0}""",
            UniqueKeyBuilder.CanonicalArgs(json, null));
    }

    [Fact]
    public void Marked_paths_keep_only_those_members_rebuilt_as_sorted_objects()
    {
        var json = """{"z":1,"order":{"id":7,"customer":"c","x":{"b":1,"a":2}},"a":"skip"}"""u8.ToArray();
        Assert.Equal("""{"order":{"id":7,"x":{"b":1,"a":2}},"z":1}""", UniqueKeyBuilder.CanonicalArgs(json, ["z", "order.x", "order.id", "missing", "order.nope"]));
        Assert.Equal(string.Empty, UniqueKeyBuilder.CanonicalArgs(json, ["missing"]));
    }

    [Fact]
    public void Strings_are_escaped_as_Go_writes_them()
    {
        var json = """{"s":"<a&b>\u2028\u2029\u0001\b\f\n\r\t\"\\é😀\u002B"}"""u8.ToArray();
        Assert.Equal("{\"s\":\"\\u003ca\\u0026b\\u003e\\u2028\\u2029\\u0001\\u0008\\u000c\\n\\r\\t\\\"\\\\é😀+\"}", UniqueKeyBuilder.CanonicalArgs(json, null));
    }

    [Fact]
    public void Exclude_kind_and_period_truncation()
    {
        var options = new UniqueOpts { ExcludeKind = true, ByPeriod = TimeSpan.FromMinutes(15) };
        Assert.Equal("&period=2024-05-17T13:45:00Z", UniqueKeyBuilder.BuildKeyString("k", "{}"u8, options, "q", At.ToOffset(TimeSpan.FromHours(2))));
        Assert.Throws<ArgumentOutOfRangeException>(() => UniqueKeyBuilder.BuildKeyString("k", "{}"u8, new UniqueOpts { ByPeriod = TimeSpan.FromMilliseconds(10) }, "q", At));
    }

    [Fact]
    public void States_mask_follows_the_bit_positions()
    {
        Assert.Equal(1 | 4 | 16 | 32 | 64 | 128, UniqueKeyBuilder.StatesMask(null));
        Assert.Equal(1, UniqueKeyBuilder.StatesMask([JobState.Available]));
        Assert.Equal(255, UniqueKeyBuilder.StatesMask(Enum.GetValues<JobState>()));
    }

    [Fact]
    public void Generated_definition_carries_defaults_and_unique_options_with_json_arg_paths()
    {
        var definition = JobDefinition.For<UniqueNested>();
        Assert.Equal("uniq", definition.Defaults.Queue);
        Assert.Equal(3, definition.Defaults.Priority);
        Assert.Equal(9, definition.Defaults.MaxAttempts);
        Assert.Equal(["a", "b"], definition.Defaults.Tags!);
        Assert.True(definition.Defaults.Pending);
        var unique = definition.Unique!;
        Assert.True(unique.ByArgs && unique.ByQueue && unique.ExcludeKind);
        Assert.Equal(TimeSpan.FromSeconds(60), unique.ByPeriod);
        Assert.Equal([JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled, JobState.Cancelled], unique.ByState!);
        Assert.Equal(["account_name", "order.ID", "param_marked"], unique.ArgPaths!);

        var json = definition.Serialize(new UniqueNested("acme", new OrderInfo(5, "note"), 9));
        Assert.Equal("""&args={"account_name":"acme","order":{"ID":5},"param_marked":9}&period=2024-05-17T13:47:00Z&queue=uniq""",
            UniqueKeyBuilder.BuildKeyString(definition.Kind, json, unique, "uniq", At));
    }
}
