using River.Packaging.Tests.Infrastructure;

namespace River.Packaging.Tests.Docs;

/// <summary>Every <c>```csharp</c> block in docs/*.md and README.md compiles (opt out with <c>&lt;!-- no-compile --&gt;</c>).</summary>
public sealed class DocsCompileTests
{
    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Repository.PathOf("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Csharp_blocks_compile(string file)
    {
        var path = Repository.PathOf("docs", file);
        var snippets = MarkdownSnippets.Extract(file, File.ReadAllText(path));
        var problems = SnippetCompiler.Compile(file, snippets);
        Assert.True(problems.Count == 0, $"docs/{file}: {problems.Count} problem(s) in its C# blocks:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void The_docs_folder_has_the_documented_pages()
    {
        foreach (var page in new[] { "getting-started.md", "defining-jobs.md", "inserting.md", "workers.md", "queues.md",
                     "periodic-jobs.md", "maintenance.md", "operations.md", "diagnostics.md", "migrations.md", "testing.md" })
        {
            Assert.True(File.Exists(Repository.PathOf("docs", page)), $"docs/{page} is missing");
        }
    }
}
