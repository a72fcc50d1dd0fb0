using System.Text.RegularExpressions;

namespace River.Packaging.Tests.Docs;

/// <summary>One <c>```csharp</c> block of a markdown file.</summary>
/// <param name="File">The markdown file name.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Code">The block's text.</param>
/// <param name="Context">The hidden context written just before the block (see <see cref="MarkdownSnippets"/>), or <see langword="null"/>.</param>
/// <param name="ContextLine">The 1-based markdown line of the context's first code line (0 without a context).</param>
internal sealed record MarkdownSnippet(string File, int Line, string Code, string? Context = null, int ContextLine = 0);

/// <summary>
/// Extracts the C# blocks of a markdown file: fences opened with <c>```csharp</c> (or <c>```cs</c>, <c>```c#</c>).
/// </summary>
/// <remarks>
/// <para>A block directly preceded by a <c>&lt;!-- no-compile --&gt;</c> line (blank lines allowed between) is skipped.</para>
/// <para>
/// A block directly preceded by a context comment gets that C# as hidden context: declarations the example needs but
/// the reader does not (a fake service, an id, a job type of another page's story). The comment is invisible in the
/// rendered page:
/// </para>
/// <code>
/// &lt;!-- context
/// long id = 42;
/// --&gt;
/// </code>
/// <para>
/// or on one line, <c>&lt;!-- context: long id = 42; --&gt;</c>. Its statements run before the block's own (so they may
/// declare locals the block uses), its type declarations and usings join the block's file. HTML forbids <c>--</c> inside a
/// comment, so the context cannot use <c>--</c>. A context comment that no C# block follows is an error.
/// </para>
/// </remarks>
internal static partial class MarkdownSnippets
{
    public const string OptOut = "<!-- no-compile -->";
    public const string ContextOpen = "<!-- context";
    private const string CommentClose = "-->";

    public static IReadOnlyList<MarkdownSnippet> Extract(string file, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<MarkdownSnippet>();
        (string Code, int FirstLine, int OpenLine, int CloseLine)? context = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith(ContextOpen, StringComparison.Ordinal))
            {
                if (context is { } unused)
                {
                    throw new FormatException($"{file}:{unused.OpenLine}: the context comment opened here is not followed by a C# block.");
                }
                context = ReadContext(file, lines, ref i);
                continue;
            }
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                if (trimmed.Length > 0 && context is { } stray)
                {
                    throw new FormatException($"{file}:{stray.OpenLine}: the context comment opened here is not directly followed by a C# block.");
                }
                continue;
            }
            var indent = open.Groups["indent"].Value;
            var fence = open.Groups["fence"].Value;
            var language = open.Groups["lang"].Value.Trim().ToLowerInvariant();
            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !IsClose(lines[i], fence); i++)
            {
                body.Add(lines[i].StartsWith(indent, StringComparison.Ordinal) ? lines[i][indent.Length..] : lines[i]);
            }
            if (i >= lines.Length)
            {
                throw new FormatException($"{file}:{start + 1}: the code block opened here is never closed.");
            }
            var isCsharp = language is "csharp" or "cs" or "c#";
            if (context is { } given && !isCsharp)
            {
                throw new FormatException($"{file}:{given.OpenLine}: the context comment opened here is followed by a '{language}' block, not a C# block.");
            }
            if (isCsharp && !OptedOut(lines, start))
            {
                snippets.Add(new MarkdownSnippet(file, start + 1, string.Join('\n', body), context?.Code, context?.FirstLine ?? 0));
            }
            context = null;
        }
        if (context is { } last)
        {
            throw new FormatException($"{file}:{last.OpenLine}: the context comment opened here is not followed by a C# block.");
        }
        return snippets;
    }

    /// <summary>Reads the context comment opened at line <paramref name="i"/>; leaves <paramref name="i"/> on its closing line.</summary>
    private static (string Code, int FirstLine, int OpenLine, int CloseLine) ReadContext(string file, string[] lines, ref int i)
    {
        var openLine = i + 1;
        var first = lines[i].Trim()[ContextOpen.Length..];
        if (first.StartsWith(':'))
        {
            // One line: <!-- context: code -->
            if (!first.EndsWith(CommentClose, StringComparison.Ordinal))
            {
                throw new FormatException($"{file}:{openLine}: a one-line context must end with '{CommentClose}' on the same line.");
            }
            return (first[1..^CommentClose.Length].Trim(), openLine, openLine, openLine);
        }
        if (first.Trim().Length > 0)
        {
            throw new FormatException($"{file}:{openLine}: write '{ContextOpen}' alone on its line (or '{ContextOpen}: code -->' for one line).");
        }
        var body = new List<string>();
        for (i++; i < lines.Length; i++)
        {
            if (lines[i].Trim() == CommentClose)
            {
                return (string.Join('\n', body), openLine + 1, openLine, i + 1);
            }
            if (lines[i].Contains("--", StringComparison.Ordinal))
            {
                throw new FormatException($"{file}:{i + 1}: '--' inside a context comment (HTML comments cannot hold it; close the comment with '{CommentClose}' alone on a line).");
            }
            body.Add(lines[i]);
        }
        throw new FormatException($"{file}:{openLine}: the context comment opened here is never closed ('{CommentClose}' alone on a line).");
    }

    private static bool IsClose(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    private static bool OptedOut(string[] lines, int fenceLine)
    {
        for (var j = fenceLine - 1; j >= 0; j--)
        {
            if (lines[j].Trim().Length == 0)
            {
                continue;
            }
            return lines[j].Trim() == OptOut;
        }
        return false;
    }

    [GeneratedRegex(@"^(?<indent>\s*)(?<fence>`{3,}|~{3,})(?<lang>[^`]*)$")]
    private static partial Regex Fence();
}
