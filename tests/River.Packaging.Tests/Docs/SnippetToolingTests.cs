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

    [Fact]
    public void A_context_comment_before_a_block_becomes_its_hidden_context()
    {
        const string markdown = """
            Text.

            <!-- context
            long id = 42;
            -->
            ```csharp
            var job = await client.CancelJobAsync(id);
            ```

            <!-- context: long other = 1; -->

            ```csharp
            Console.WriteLine(other);
            ```

            ```csharp
            var plain = 1;
            ```
            """;
        var snippets = MarkdownSnippets.Extract("x.md", markdown);
        Assert.Equal(3, snippets.Count);
        Assert.Equal(("long id = 42;", 4, 6), (snippets[0].Context, snippets[0].ContextLine, snippets[0].Line));
        Assert.Equal(("long other = 1;", 10), (snippets[1].Context, snippets[1].ContextLine));
        Assert.Null(snippets[2].Context);
    }

    [Theory]
    [InlineData("<!-- context\nlong id = 1;\n-->\n\nSome text.\n```csharp\nvar a = id;\n```\n", "x.md:1", "not directly followed")]
    [InlineData("<!-- context\nlong id = 1;\n-->\n", "x.md:1", "not followed")]
    [InlineData("<!-- context\nlong id = 1;\n", "x.md:1", "never closed")]
    [InlineData("<!-- context\nid--;\n-->\n```csharp\nvar a = 1;\n```\n", "x.md:2", "'--'")]
    [InlineData("<!-- context: long id = 1;\n```csharp\nvar a = 1;\n```\n", "x.md:1", "same line")]
    [InlineData("<!-- context: long id = 1; -->\n```sh\necho\n```\n", "x.md:1", "'sh' block")]
    public void A_misplaced_or_malformed_context_is_an_error_naming_the_line(string markdown, string location, string problem)
    {
        var e = Assert.Throws<FormatException>(() => MarkdownSnippets.Extract("x.md", markdown));
        Assert.Contains(location + ":", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_statements_precede_the_fragment_and_context_types_join_its_file()
    {
        var snippets = new[]
        {
            new MarkdownSnippet("ctx.md", 10, "var job = await client.CancelJobAsync(id);\nawait NotifyAsync(new Receipt(job.Id));",
                Context: "using System.Text;\nlong id = 42;\nstatic Task NotifyAsync(Receipt r) => Task.CompletedTask;\npublic sealed record Receipt(long Id);", ContextLine: 5),
            new MarkdownSnippet("ctx.md", 20, "public sealed class Uses { public Receipt R = new(new StringBuilder().Length); }",
                Context: "using System.Text;", ContextLine: 18),
        };
        Assert.Empty(SnippetCompiler.Compile("ctx.md", snippets));
    }

    [Fact]
    public void A_problem_in_a_context_is_reported_at_the_context_line()
    {
        var snippets = new[] { new MarkdownSnippet("bad.md", 10, "Console.WriteLine(id);", Context: "long id = 1;\nlong oops = \"text\";", ContextLine: 7) };
        var problems = SnippetCompiler.Compile("bad.md", snippets);
        Assert.Contains(problems, p => p.StartsWith("bad.md:8:", StringComparison.Ordinal) && p.Contains("CS0029", StringComparison.Ordinal));
    }

    [Fact]
    public void A_block_may_declare_a_json_serializer_context()
    {
        var snippets = new[]
        {
            new MarkdownSnippet("json.md", 1, """
                using System.Text.Json.Serialization;

                [JobArgs("docs.json_context", JsonContext = typeof(ShapeJsonContext))]
                public sealed record Shaped(int[] Values);

                [JsonSerializable(typeof(Shaped))]
                internal sealed partial class ShapeJsonContext : JsonSerializerContext;
                """),
        };
        Assert.Empty(SnippetCompiler.Compile("json.md", snippets));
    }
}
