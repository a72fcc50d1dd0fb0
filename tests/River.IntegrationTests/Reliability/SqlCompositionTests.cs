using System.Text.RegularExpressions;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// No SQL is built from user strings: in River.Runtime's source, every interpolated string that reads like SQL may
/// only interpolate the schema prefix (validated and quoted once, in SchemaSql); everything else goes as parameters.
/// Identifiers from options (LISTEN channels, reindexed indexes) are concatenated only through QuoteIdentifier.
/// </summary>
public sealed partial class SqlCompositionTests
{
    private static readonly HashSet<string> AllowedHoles = new(StringComparer.Ordinal) { "prefix", "Prefix" };

    [Fact]
    public void Runtime_sql_interpolates_nothing_but_the_schema_prefix()
    {
        var runtime = Path.Combine(FindRepositoryRoot(), "River.Runtime");
        var offenders = new List<string>();
        var scanned = 0;
        foreach (var file in Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }
            var text = File.ReadAllText(file);
            foreach (Match literal in InterpolatedString().Matches(text))
            {
                if (!SqlWords().IsMatch(literal.Value) || IsMessage(literal.Value))
                {
                    continue; // a message, not a statement
                }
                scanned++;
                foreach (Match hole in Hole().Matches(literal.Value))
                {
                    if (!AllowedHoles.Contains(hole.Groups[1].Value))
                    {
                        offenders.Add($"{Path.GetRelativePath(runtime, file)}: {{{hole.Groups[1].Value}}} in {literal.Value[..Math.Min(120, literal.Value.Length)]}");
                    }
                }
            }
            foreach (Match concat in ConcatenatedIdentifier().Matches(text))
            {
                offenders.Add($"{Path.GetRelativePath(runtime, file)}: unquoted concatenation {concat.Value}");
            }
        }
        Assert.True(scanned > 0, "the scan found no SQL at all; the pattern is broken");
        Assert.Empty(offenders);
    }

    /// <summary>Exception and log texts mention SQL words too; they are not statements.</summary>
    private static bool IsMessage(string literal) =>
        literal.Contains("must ", StringComparison.Ordinal) || literal.Contains("does not exist", StringComparison.Ordinal) || literal.Contains("; create it", StringComparison.Ordinal);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "River.Typed.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("River.Typed.sln not found above " + AppContext.BaseDirectory);
    }

    // $"..." or $"""...""" (one level of interpolation, as the runtime uses).
    [GeneratedRegex("\\$\"\"\"[\\s\\S]*?\"\"\"|\\$\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex InterpolatedString();

    [GeneratedRegex("\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|LISTEN|NOTIFY|REINDEX|DROP|CREATE|ALTER)\\b")]
    private static partial Regex SqlWords();

    [GeneratedRegex("(?<!\\{)\\{([A-Za-z_][A-Za-z0-9_.]*)(?:[,:][^}]*)?\\}(?!\\})")]
    private static partial Regex Hole();

    // "LISTEN " + name, "REINDEX … " + x  without QuoteIdentifier / Prefix.
    [GeneratedRegex("\"(?:LISTEN|UNLISTEN|NOTIFY|REINDEX INDEX CONCURRENTLY|DROP INDEX CONCURRENTLY IF EXISTS) \" \\+ (?!SchemaSql\\.QuoteIdentifier|Prefix)[A-Za-z_]+")]
    private static partial Regex ConcatenatedIdentifier();
}
