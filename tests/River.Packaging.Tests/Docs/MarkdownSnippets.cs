using System.Text.RegularExpressions;

namespace River.Packaging.Tests.Docs;

/// <summary>One <c>```csharp</c> block of a markdown file.</summary>
/// <param name="File">The markdown file name.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Code">The block's text.</param>
internal sealed record MarkdownSnippet(string File, int Line, string Code);

/// <summary>
/// Extracts the C# blocks of a markdown file: fences opened with <c>```csharp</c> (or <c>```cs</c>, <c>```c#</c>).
/// A block directly preceded by a <c>&lt;!-- no-compile --&gt;</c> line (blank lines allowed between) is skipped.
/// </summary>
internal static partial class MarkdownSnippets
{
    public const string OptOut = "<!-- no-compile -->";

    public static IReadOnlyList<MarkdownSnippet> Extract(string file, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<MarkdownSnippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
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
            if (language is "csharp" or "cs" or "c#" && !OptedOut(lines, start))
            {
                snippets.Add(new MarkdownSnippet(file, start + 1, string.Join('\n', body)));
            }
        }
        return snippets;
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
