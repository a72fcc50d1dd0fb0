using System.Runtime.CompilerServices;
using System.Text;

namespace River.Generators.Tests.Infrastructure;

/// <summary>
/// Golden-file assertions: the text must equal the checked-in baseline under <c>Snapshots/</c>. With
/// <c>RIVER_UPDATE_SNAPSHOTS=1</c> the baselines are rewritten instead; a mismatch shows a line diff.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "RIVER_UPDATE_SNAPSHOTS";

    /// <summary>True when the run rewrites the baselines (<c>RIVER_UPDATE_SNAPSHOTS=1</c>).</summary>
    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The checked-in baseline of <paramref name="name"/>, with LF line endings.</summary>
    public static string Read(string name, [CallerFilePath] string callerPath = "")
    {
        var path = PathOf(name, callerPath);
        Assert.True(File.Exists(path), $"No snapshot '{path}'. Run the tests with {UpdateVariable}=1 to create it.");
        return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string PathOf(string name, string callerPath)
        => Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots", name + ".txt");

    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var path = PathOf(name, callerPath);
        var directory = Path.GetDirectoryName(path)!;
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Updating)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }
        var expected = Read(name, callerPath);
        if (expected != actual)
        {
            Assert.Fail($"Snapshot '{name}' differs (run with {UpdateVariable}=1 to accept):\n{LineDiff.Render(expected, actual)}");
        }
    }
}

/// <summary>A minimal line diff (longest common subsequence) with three lines of context.</summary>
internal static class LineDiff
{
    public static string Render(string expected, string actual, int context = 3)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var lines = new List<(char Tag, int Line, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', x + 1, a[x]));
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] > lcs[x + 1, y]))
            {
                lines.Add(('+', y + 1, b[y]));
                y++;
            }
            else
            {
                lines.Add(('-', x + 1, a[x]));
                x++;
            }
        }
        var sb = new StringBuilder();
        var lastPrinted = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Tag == ' ')
            {
                continue;
            }
            var from = Math.Max(lastPrinted + 1, i - context);
            if (from > lastPrinted + 1)
            {
                sb.Append("@@ line ").Append(lines[from].Line).Append('\n');
            }
            var to = Math.Min(lines.Count - 1, i + context);
            for (var k = from; k <= to; k++)
            {
                sb.Append(lines[k].Tag).Append(' ').Append(lines[k].Text).Append('\n');
            }
            lastPrinted = to;
            i = to;
        }
        return sb.ToString();
    }
}
