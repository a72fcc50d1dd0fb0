using System.Runtime.CompilerServices;
using System.Text.Json;
using River.Insertion;
using River.Uniqueness;

namespace River.Runtime.Tests.Uniqueness;

/// <summary>The dictionary of issue 23: River Go sorts its keys, System.Text.Json keeps insertion order.</summary>
[JobArgs("interop.unique_map", Queue = "uniq_q")]
[UniqueJob(ByArgs = true, ByPeriodSeconds = 3600, ByQueue = true)]
public sealed record InteropMap(string Customer, Dictionary<string, int> Labels);

/// <summary>Times: Go writes a zero offset as <c>Z</c>, System.Text.Json as <c>+00:00</c>. A UTC DateTime is part of the shape on purpose.</summary>
#pragma warning disable RIVER0035 // DateTime in args: the UTC DateTime row of Go's reference table
[JobArgs("interop.unique_time")]
[UniqueJob(ByArgs = true)]
public sealed record InteropTimes(DateTimeOffset At, DateTimeOffset Local, DateTime Utc, DateTimeOffset? Missing, List<DateTimeOffset> History);
#pragma warning restore RIVER0035

/// <summary>Integers beyond 2^53, floats (Go's notation), a decimal (Go's <c>json.Number</c> with the same text).</summary>
[JobArgs("interop.unique_numbers")]
[UniqueJob(ByArgs = true)]
public sealed record InteropNumbers(long Big, ulong Unsigned, long Minimum, double Large, double Million, double Tiny, double Tenth, double Whole, float Single, float SingleLarge, decimal Price, int Count);

/// <summary>Nested records keep declaration order (Go structs); dictionaries inside them and in lists are sorted.</summary>
[JobArgs("interop.unique_nested")]
[UniqueJob(ByArgs = true)]
public sealed record InteropNested(List<InteropItem> Items, InteropOwner Owner, Dictionary<string, Dictionary<string, string>> Groups);

/// <summary>An element of <see cref="InteropNested.Items"/>.</summary>
public sealed record InteropItem(string Name, Dictionary<string, string> Tags, DateTimeOffset At);

/// <summary>Members in declaration order, not sorted.</summary>
public sealed record InteropOwner(string Zeta, string Alpha);

/// <summary>HTML-sensitive, non-ASCII, separator and control characters, in values and dictionary keys.</summary>
[JobArgs("interop.unique_strings")]
[UniqueJob(ByArgs = true)]
public sealed record InteropStrings(string Html, string Unicode, string Separators, string Controls, Dictionary<string, string> Keys);

/// <summary>Guid, enum, DateOnly, TimeOnly (Go strings or numbers with the same text), bytes, null, an empty list.</summary>
[JobArgs("interop.unique_values")]
[UniqueJob(ByArgs = true)]
public sealed record InteropValues(Guid Id, InteropColor Color, DateOnly Day, TimeOnly Clock, byte[] Blob, bool Flag, string? Nothing, int[] Empty);

/// <summary>A numeric enum (a Go integer type).</summary>
public enum InteropColor
{
    /// <summary>1.</summary>
    Red = 1,
    /// <summary>2.</summary>
    Green = 2,
}

/// <summary>Marked paths: a dictionary and, inside a record, a time and a float.</summary>
[JobArgs("interop.unique_marked")]
[UniqueJob(ByArgs = true)]
public sealed record InteropMarked([property: UniqueKey] Dictionary<string, int> Labels, InteropSince Account, string Note);

/// <summary>The nested record of <see cref="InteropMarked"/>.</summary>
public sealed record InteropSince([property: UniqueKey] DateTimeOffset Since, [property: UniqueKey] double Score, string Ignored);

/// <summary>
/// Unique keys River Go computes for Go values equivalent to these args: <c>GoReference/reference-keys.tsv</c> beside
/// this file is the output of <c>GoReference/main.go</c> (Go's encoding/json and River's key rules, standard library
/// only; run once, CI does not need Go). Each row: name, SHA-256, key string. The stored args stay System.Text.Json's.
/// </summary>
public sealed class GoReferenceUniqueKeyTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Plus2 = TimeSpan.FromHours(2);

    public static TheoryData<string> Names() => new(Reference().Keys);

    private static (JobInsertRequest Request, DateTimeOffset? ScheduledAt) Case(string name) => name switch
    {
        // Labels inserted out of order, as in the issue.
        "map" => (JobInsertRequest.Create(new InteropMap("go-first", new() { ["zeta"] = 3, ["alpha"] = 1, ["beta"] = 2 })),
            new DateTimeOffset(2026, 12, 2, 4, 30, 0, TimeSpan.Zero)),
        "times" => (JobInsertRequest.Create(new InteropTimes(At, new DateTimeOffset(2026, 1, 2, 5, 4, 5, 123, Plus2),
            new DateTime(2026, 1, 2, 3, 4, 5, 500, DateTimeKind.Utc), null, [At.AddHours(1), At.AddTicks(1234567)])), null),
        "numbers" => (JobInsertRequest.Create(new InteropNumbers(9007199254740993, ulong.MaxValue, long.MinValue, 1e21, 1e15, 1e-7, 0.1, 3, 0.1f, 1e21f, 1.50m, 42)), null),
        "nested" => (JobInsertRequest.Create(new InteropNested(
            [new InteropItem("b", new() { ["z"] = "1", ["a"] = "2" }, At), new InteropItem("a", [], new DateTimeOffset(2026, 1, 2, 5, 4, 5, Plus2))],
            new InteropOwner("z", "a"),
            new() { ["second"] = new() { ["y"] = "1", ["x"] = "2" }, ["first"] = new() { ["k"] = "v" } })), null),
        "strings" => (JobInsertRequest.Create(new InteropStrings("<a href=\"x\">&amp;</a>", "héllo wörld 😀 日本", "line\u2028para\u2029end",
            "tab\tnl\ncr\r\u0001\u001f\u007f", new() { ["<k>"] = "1", ["é"] = "2", ["a&b"] = "3" })), null),
        "values" => (JobInsertRequest.Create(new InteropValues(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), InteropColor.Green,
            new DateOnly(2026, 1, 2), new TimeOnly(3, 4, 5), [0, 1, 2, 250], true, null, [])), null),
        "marked" => (JobInsertRequest.Create(new InteropMarked(new() { ["b"] = 2, ["a"] = 1 }, new InteropSince(At, 1e15, "x"), "not part of the key")), null),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void The_unique_key_is_the_one_River_Go_computes(string name)
    {
        var (request, scheduledAt) = Case(name);
        var definition = request.Definition;
        var unique = definition.Unique!;
        var queue = definition.Defaults.Queue ?? "default";
        var (hash, keyString) = Reference()[name];
        Assert.Equal(keyString, UniqueKeyBuilder.BuildKeyString(definition.Kind, request.EncodedArgs.Span, unique, queue, scheduledAt, TimeProvider.System, definition.ArgsShape));

        // The insert path computes the same key.
        var prepared = new InsertPreparer(25, TimeProvider.System).Prepare(definition, request.EncodedArgs, new InsertOptions { ScheduledAt = scheduledAt });
        Assert.Equal(hash, Convert.ToHexStringLower(prepared.UniqueKey!));
    }

    [Fact]
    public void Stored_args_stay_what_System_Text_Json_writes()
    {
        var args = new InteropMap("go-first", new() { ["zeta"] = 3, ["alpha"] = 1, ["beta"] = 2 });
        var stj = JsonSerializer.SerializeToUtf8Bytes(args, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        Assert.Equal(stj, JobInsertRequest.Create(args).EncodedArgs.ToArray());
        Assert.Contains("\"zeta\":3,\"alpha\":1", System.Text.Encoding.UTF8.GetString(stj), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1E+21", false, "1e+21")]
    [InlineData("1E+15", false, "1000000000000000")]
    [InlineData("9.999999999999999E+20", false, "999999999999999900000")]
    [InlineData("1E+20", false, "100000000000000000000")]
    [InlineData("1E-07", false, "1e-7")]
    [InlineData("-1.5E-09", false, "-1.5e-9")]
    [InlineData("1E-06", false, "0.000001")]
    [InlineData("5E-324", false, "5e-324")]
    [InlineData("1.7976931348623157E+308", false, "1.7976931348623157e+308")]
    [InlineData("-0", false, "-0")]
    [InlineData("0.1", false, "0.1")]
    [InlineData("123.456", false, "123.456")]
    [InlineData("3", false, "3")]
    [InlineData("1.1", true, "1.1")]
    [InlineData("1E+21", true, "1e+21")]
    [InlineData("1E-07", true, "1e-7")]
    public void Floats_are_written_in_Go_notation(string stj, bool single, string go)
    {
        var output = new ByteBuilder(16);
        try
        {
            GoJson.WriteFloat(ref output, System.Text.Encoding.UTF8.GetBytes(stj), single);
            Assert.Equal(go, System.Text.Encoding.UTF8.GetString(output.Written));
        }
        finally
        {
            output.Dispose();
        }
    }

    private static Dictionary<string, (string Hash, string KeyString)> Reference([CallerFilePath] string path = "")
    {
        var table = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(Path.GetDirectoryName(path)!, "GoReference", "reference-keys.tsv")))
        {
            var parts = line.Split('\t', 3);
            table[parts[0]] = (parts[1], parts[2]);
        }
        return table;
    }
}
