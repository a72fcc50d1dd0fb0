using System.Text.RegularExpressions;
using River.Packaging.Tests.Infrastructure;

namespace River.Packaging.Tests.Docs;

/// <summary>docs/architecture.md stays true where it names files and folders.</summary>
public sealed partial class ArchitectureMapTests
{
    [Fact]
    public void Every_path_the_architecture_page_names_exists()
    {
        var text = File.ReadAllText(Repository.PathOf("docs", "architecture.md"));
        var named = CodeSpan().Matches(text).Select(m => m.Groups[1].Value).Where(IsPath).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(named.Count >= 20, $"only {named.Count} paths found: the page or this test's path pattern changed");
        var files = FileNames();
        var missing = named.Where(path => path.Contains('/', StringComparison.Ordinal)
            ? !File.Exists(Repository.PathOf(path.TrimEnd('/').Split('/'))) && !Directory.Exists(Repository.PathOf(path.TrimEnd('/').Split('/')))
            : !files.Contains(path)).ToList();
        Assert.True(missing.Count == 0, $"docs/architecture.md names paths that do not exist: {string.Join(", ", missing)}");
    }

    /// <summary>A folder (<c>a/b/</c>), a path (<c>a/b.cs</c>) or a file name (<c>b.cs</c>, found anywhere in the repository).</summary>
    private static bool IsPath(string span) => PathLike().IsMatch(span);

    private static HashSet<string> FileNames() => Directory.EnumerateFiles(Repository.Root, "*", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^([A-Za-z0-9_.\-]+/)+([A-Za-z0-9_.\-]+)?$|^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*\.(cs|md|sql|csproj|props)$")]
    private static partial Regex PathLike();
}
