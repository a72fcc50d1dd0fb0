using System.Reflection;
using Microsoft.CodeAnalysis;
using River.Analyzers.Diagnostics;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests;

public sealed class DescriptorTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in AllDescriptors())
        {
            data.Add(descriptor.Id);
        }
        return data;
    }

    // Fully qualified: River.RiverDiagnostics (the runtime's telemetry names) is in an enclosing namespace and
    // would win over the using directive, silently leaving the list empty.
    private static IEnumerable<DiagnosticDescriptor> AllDescriptors()
        => typeof(River.Analyzers.Diagnostics.RiverDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    [Fact]
    public void EveryDiagnostic_HasADocPageWithEachSection_AndAHelpLinkToIt()
    {
        var ids = AllDescriptors().Select(d => d.Id).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            EveryDiagnostic_HasADocPageWithEachSection_AndAHelpLinkToIt_For(id);
        }
    }

    private static void EveryDiagnostic_HasADocPageWithEachSection_AndAHelpLinkToIt_For(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        // The link itself is checked by HelpLinks_LeadToARealAddressOrAreOmitted (there is none while the repository has no public address).
        var page = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics", id + ".md"));
        Assert.StartsWith($"# {id}: {descriptor.Title}", page, StringComparison.Ordinal);
        foreach (var section in new[] { "## What", "## Why", "## How to fix", "## Example" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }
        Assert.Contains($"| {descriptor.DefaultSeverity} | `{descriptor.Category}` |", page, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryDiagnostic_IsTrackedInTheReleaseFiles()
    {
        var ids = AllDescriptors().Select(d => d.Id).ToList();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            EveryDiagnostic_IsTrackedInTheReleaseFiles_For(id);
        }
    }

    private static void EveryDiagnostic_IsTrackedInTheReleaseFiles_For(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        var analyzers = Path.Combine(RepositoryPaths.Root, "River.Analyzers");
        var tracked = File.ReadAllLines(Path.Combine(analyzers, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(analyzers, "AnalyzerReleases.Unshipped.md")));
        Assert.Contains(tracked, line => line.StartsWith($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", StringComparison.Ordinal));
    }

    [Fact]
    public void HelpLinks_LeadToARealAddressOrAreOmitted()
    {
        // One address (RiverRepositoryUrl) for the package metadata and the help links. Empty while the project has no
        // public address: then no package names a project/repository URL and no diagnostic has a help link.
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props"));
        string Property(string name) => Assert.Single(props.Descendants(name)).Value;
        var url = Property("RiverRepositoryUrl");
        Assert.Equal("$(RiverRepositoryUrl)", Property("PackageProjectUrl"));
        Assert.Equal("$(RiverRepositoryUrl)", Property("RepositoryUrl"));
        Assert.Equal("'$(RiverRepositoryUrl)' != ''", Assert.Single(props.Descendants("PackageProjectUrl")).Parent!.Attribute("Condition")?.Value);
        if (url.Length == 0)
        {
            Assert.All(AllDescriptors(), d => Assert.Equal("", d.HelpLinkUri));
        }
        else
        {
            Assert.StartsWith("https://", url, StringComparison.Ordinal);
            Assert.All(AllDescriptors(), d => Assert.Equal(url + $"/blob/main/docs/diagnostics/{d.Id}.md", d.HelpLinkUri));
        }
    }

    /// <summary>
    /// Ids the id plan of this session hands out but that need not exist on every branch: RIVER0038 (another
    /// branch) and the unused rest of issue 22's block RIVER0039–RIVER0059 (RIVER0060 on are another branch's).
    /// </summary>
    private static readonly HashSet<string> ReservedElsewhere =
        ["RIVER0038", .. Enumerable.Range(48, 59 - 48 + 1).Select(i => $"RIVER{i:D4}")];

    [Fact]
    public void Ids_AreUniqueAndSequential()
    {
        var ids = AllDescriptors().Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var highest = int.Parse(ids[^1]["RIVER".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var expected = Enumerable.Range(1, highest).Select(i => $"RIVER{i:D4}").Where(id => ids.Contains(id) || !ReservedElsewhere.Contains(id));
        Assert.Equal(expected, ids);
    }

    [Fact]
    public void EveryDescriptor_IsSupportedByAnAnalyzer()
    {
        var supported = TestCompilation.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.All(AllDescriptors(), d => Assert.Contains(d.Id, supported));
    }
}
