namespace River.Packaging.Tests.Docs;

/// <summary>The extractor and compiler behind <see cref="DocsCompileTests"/> catch what they must.</summary>
public sealed class SnippetToolingTests
{
    [Fact]
    public void Extracts_csharp_blocks_with_their_lines_and_honours_the_opt_out()
    {
        const string markdown = """
            # Title

            ```csharp
            var a = 1;
            ```

            <!-- no-compile -->
            ```csharp
            this is not C#
            ```

            ```sh
            echo hi
            ```

            ```cs
            var b = 2;
            ```
            """;
        var snippets = MarkdownSnippets.Extract("x.md", markdown);
        Assert.Equal(2, snippets.Count);
        Assert.Equal(3, snippets[0].Line);
        Assert.Equal("var a = 1;", snippets[0].Code);
        Assert.Equal(16, snippets[1].Line);
    }

    [Fact]
    public void An_unclosed_block_is_an_error_naming_the_line()
    {
        var e = Assert.Throws<FormatException>(() => MarkdownSnippets.Extract("x.md", "text\n```csharp\nvar a = 1;\n"));
        Assert.Contains("x.md:2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fragments_and_declarations_compile_with_the_generator_and_the_ambient_names()
    {
        var snippets = new[]
        {
            new MarkdownSnippet("ok.md", 1, """
                [JobArgs("docs.ok")]
                public sealed record Ok(string Text);

                public sealed class OkWorker : Worker<Ok>
                {
                    public override Task WorkAsync(Job<Ok> job, CancellationToken cancellationToken) => Task.CompletedTask;
                }
                """),
            new MarkdownSnippet("ok.md", 12, """
                services.AddRiver(o => o.DataSource = dataSource).AddRiverJobsFromThisAssembly();
                var result = await client.InsertAsync(new Ok("hi"), transaction);
                """),
            new MarkdownSnippet("ok.md", 16, """
                var client = 3; // a fragment's own local shadows the ambient name
                Console.WriteLine(client + 1);
                """),
        };
        Assert.Empty(SnippetCompiler.Compile("ok.md", snippets));
    }

    [Fact]
    public void A_broken_fragment_is_reported_at_its_markdown_line()
    {
        var snippets = new[] { new MarkdownSnippet("bad.md", 10, "var x = 1;\nawait client.InsertAsnyc(x);") };
        var problems = SnippetCompiler.Compile("bad.md", snippets);
        Assert.Contains(problems, p => p.StartsWith("bad.md:12:", StringComparison.Ordinal) && p.Contains("InsertAsnyc", StringComparison.Ordinal));
    }
}
