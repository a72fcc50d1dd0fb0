using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests;

/// <summary>
/// The sample samples/DiagnosticsShowcase holds one of each mistake, each preceded by a <c>/*!RIVERxxxx*/</c>
/// marker. Compiled here in memory (generator, then analyzers), its River diagnostics must be exactly the markers.
/// check-diagnostics.sh beside it checks the same through a real <c>dotnet build</c>.
/// </summary>
public sealed partial class ShowcaseTests
{
    /// <summary>Rules about referenced job libraries, which one project cannot show: CrossAssemblyTests covers them.</summary>
    private static readonly string[] NeedReferencedLibraries = ["RIVER0046", "RIVER0047"];

    [GeneratedRegex(@"/\*!(RIVER\d{4})\*/")]
    private static partial Regex Marker();

    [Fact]
    public async Task EveryShowcaseDiagnostic_AppearsAtItsMarker_AndEveryRuleIsShown()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "samples", "DiagnosticsShowcase");
        var files = Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal).ToList();
        var expected = new List<string>();
        var trees = new List<SyntaxTree>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match match in Marker().Matches(text))
            {
                expected.Add($"{Path.GetFileName(file)}@{match.Index + match.Length}:{match.Groups[1].Value}");
            }
        }

        var compilation = TestCompilation.Create(files.Select(File.ReadAllText));
        var fileOfTree = compilation.SyntaxTrees.Take(files.Count).Select((t, i) => (t, Path.GetFileName(files[i]))).ToDictionary(p => p.t, p => p.Item2);
        var diagnostics = await TestCompilation.AnalyzeAsync(TestCompilation.RunGenerator(compilation));
        var actual = diagnostics.Where(d => d.Id.StartsWith("RIVER", StringComparison.Ordinal))
            .Select(d => $"{fileOfTree[d.Location.SourceTree!]}@{d.Location.SourceSpan.Start}:{d.Id}")
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual);
        var shown = expected.Select(e => e[^9..]).ToHashSet();
        var every = TestCompilation.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id)
            .Except(NeedReferencedLibraries).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(every, shown.Order(StringComparer.Ordinal));
    }
}
