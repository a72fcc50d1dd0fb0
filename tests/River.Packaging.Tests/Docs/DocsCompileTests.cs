using River.Packaging.Tests.Infrastructure;

namespace River.Packaging.Tests.Docs;

/// <summary>
/// Every <c>```csharp</c> block in docs/*.md and the repository's README.md compiles (opt out with
/// <c>&lt;!-- no-compile --&gt;</c>; hidden context with <c>&lt;!-- context ... --&gt;</c>, see <see cref="MarkdownSnippets"/>).
/// All pages compile together; each page's test reports the problems located in it. The README (also the packages'
/// readme) tells its own short story and compiles on its own.
/// </summary>
public sealed class DocsCompileTests
{
    private static readonly Lazy<IReadOnlyList<string>> Problems = new(() =>
    {
        var snippets = Directory.EnumerateFiles(Repository.PathOf("docs"), "*.md")
            .Order(StringComparer.Ordinal)
            .SelectMany(path => MarkdownSnippets.Extract(Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();
        return SnippetCompiler.Compile("docs", snippets);
    });

    private static IReadOnlyList<string> Pages() =>
        Directory.EnumerateFiles(Repository.PathOf("docs"), "*.md").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string>();
        foreach (var page in Pages())
        {
            data.Add(page);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Csharp_blocks_compile(string file)
    {
        var mine = Problems.Value.Where(p => p.StartsWith(file + ":", StringComparison.Ordinal)).ToList();
        Assert.True(mine.Count == 0, $"docs/{file}: {mine.Count} problem(s) in its C# blocks:{Environment.NewLine}{string.Join(Environment.NewLine, mine)}");
    }

    [Fact]
    public void Nothing_outside_the_pages_fails()
    {
        var files = Pages();
        var elsewhere = Problems.Value.Where(p => !files.Any(f => p.StartsWith(f + ":", StringComparison.Ordinal))).ToList();
        Assert.True(elsewhere.Count == 0, "problems not located in a page (prelude or generated code):" + Environment.NewLine + string.Join(Environment.NewLine, elsewhere));
    }

    [Fact]
    public void The_repository_readme_compiles()
    {
        var snippets = MarkdownSnippets.Extract("README.md", File.ReadAllText(Repository.PathOf("README.md")));
        Assert.NotEmpty(snippets);
        var problems = SnippetCompiler.Compile("readme", snippets);
        Assert.True(problems.Count == 0, $"README.md: {problems.Count} problem(s) in its C# blocks:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void The_docs_folder_has_the_documented_pages()
    {
        foreach (var page in new[] { "getting-started.md", "defining-jobs.md", "inserting.md", "workers.md", "queues.md",
                     "periodic-jobs.md", "maintenance.md", "operations.md", "diagnostics.md", "performance.md",
                     "reliability.md", "migrations.md", "testing.md" })
        {
            Assert.True(File.Exists(Repository.PathOf("docs", page)), $"docs/{page} is missing");
        }
    }
}
