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

    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        var path = Path.Combine(directory, name + ".txt");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot '{path}'. Run the tests with {UpdateVariable}=1 to create it.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
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
