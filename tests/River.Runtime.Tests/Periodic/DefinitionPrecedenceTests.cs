using River.Periodic;

namespace River.Runtime.Tests.Periodic;

/// <summary>The rule that settles a code schedule two running app versions declare differently.</summary>
public sealed class DefinitionPrecedenceTests
{
    [Theory]
    [InlineData("1.10.0", "1.9.2", 1)]
    [InlineData("1.9.2", "1.10.0", -1)]
    [InlineData("2.0", "2.0.0", 0)]
    [InlineData("2.0.0", "2.0.0-beta.1", 1)]     // a release after its pre-release
    [InlineData("2.0.0-beta.2", "2.0.0-beta.1", 1)]
    [InlineData("1.0.0", "", 1)]                 // a numbered version after an unknown one
    [InlineData("", "", 0)]
    [InlineData("abc", "abd", -1)]
    [InlineData("10", "9", 1)]
    public void Versions_order_numerically(string a, string b, int expected)
    {
        Assert.Equal(expected, DefinitionPrecedence.CompareVersions(a, b));
        Assert.Equal(-expected, DefinitionPrecedence.CompareVersions(b, a));
    }

    [Fact]
    public void The_newer_version_wins_whichever_writes_last()
    {
        // Two versions alternate their upserts (rolling deploy, restarts): the stored row ends on the newer one's
        // declaration and stays there.
        var (stored, storedHash) = ("1.0.0", "aaaa");
        foreach (var (version, hash) in new[] { ("1.1.0", "bbbb"), ("1.0.0", "aaaa"), ("1.1.0", "bbbb"), ("1.0.0", "aaaa") })
        {
            if (DefinitionPrecedence.Replaces(version, hash, stored, storedHash))
            {
                (stored, storedHash) = (version, hash);
            }
        }
        Assert.Equal(("1.1.0", "bbbb"), (stored, storedHash));
        Assert.False(DefinitionPrecedence.Replaces("1.0.0", "aaaa", "1.1.0", "bbbb"));
        Assert.True(DefinitionPrecedence.Replaces("1.1.0", "bbbb", "1.0.0", "aaaa"));
    }

    [Fact]
    public void Equal_versions_are_settled_by_the_hash_in_either_order()
    {
        Assert.True(DefinitionPrecedence.Replaces("1.0.0", "ffff", "1.0.0", "0000"));
        Assert.False(DefinitionPrecedence.Replaces("1.0.0", "0000", "1.0.0", "ffff"));
    }

    [Fact]
    public void The_same_declaration_never_replaces()
    {
        Assert.False(DefinitionPrecedence.Replaces("2.0.0", "abcd", "1.0.0", "abcd"));
    }

    [Fact]
    public void The_hash_covers_every_defining_field_but_not_the_version()
    {
        ScheduleDefinition Make(string schedule = "0 3 * * *", string? zone = null, string queue = "default", MisfirePolicy misfire = MisfirePolicy.RunOnce,
            string version = "1.0.0") =>
            new("reports.nightly", ScheduleOwner.Code, schedule, zone, "reports", "{}", queue, 1, 25, [], "{}", misfire, 10, false, version);

        var baseline = Make().Hash;
        Assert.Equal(baseline, Make(version: "2.0.0").Hash);
        Assert.NotEqual(baseline, Make(schedule: "0 4 * * *").Hash);
        Assert.NotEqual(baseline, Make(zone: "Europe/Berlin").Hash);
        Assert.NotEqual(baseline, Make(queue: "low").Hash);
        Assert.NotEqual(baseline, Make(misfire: MisfirePolicy.Skip).Hash);
        Assert.Equal(64, baseline.Length);
    }
}
