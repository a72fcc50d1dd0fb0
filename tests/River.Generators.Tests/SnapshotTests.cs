using Microsoft.CodeAnalysis;
using River.Generators.Tests.Infrastructure;

namespace River.Generators.Tests;

/// <summary>Golden files of the generated sources (RIVER_UPDATE_SNAPSHOTS=1 rewrites them).</summary>
public sealed class SnapshotTests
{
    /// <summary>Through Microsoft's generator verifier: exactly these two sources, equal to the baselines, and no error.</summary>
    [Fact]
    public async Task Jobs_registry_and_serializers_match_the_baseline()
    {
        if (Snapshot.Updating)
        {
            RewriteJobsBaselines();
            return;
        }
        await new RiverGeneratorTest("Shop.Jobs", TestSources.Jobs)
            .Generates("ShopJobsJobJson.g.cs", Snapshot.Read("ShopJobsJobJson.g.cs"))
            .Generates("ShopJobsJobRegistry.g.cs", Snapshot.Read("ShopJobsJobRegistry.g.cs"))
            .RunAsync();
    }

    private static void RewriteJobsBaselines()
    {
        var (output, sources, _) = GeneratorHarness.Run(GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs));
        Assert.Equal(["ShopJobsJobJson.g.cs", "ShopJobsJobRegistry.g.cs"], sources.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in sources)
        {
            Snapshot.Match(name, text);
        }
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void Context_fallback_matches_the_baseline()
    {
        var compilation = GeneratorHarness.Compile("Feeds", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Fallback);
        var (_, sources, _) = GeneratorHarness.Run(compilation);
        Snapshot.Match("FeedsJobJson.g.cs", sources["FeedsJobJson.g.cs"]);
    }

    [Fact]
    public void Output_is_deterministic()
    {
        var first = GeneratorHarness.Run(GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs)).Sources;
        var second = GeneratorHarness.Run(GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs)).Sources;
        Assert.Equal(first, second);
    }

    [Fact]
    public void Line_diff_shows_changed_lines_with_context()
    {
        var diff = LineDiff.Render("a\nb\nc\nd", "a\nB\nc\nd");
        Assert.Equal("  a\n- b\n+ B\n  c\n  d\n", diff);
    }
}
