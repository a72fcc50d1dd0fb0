using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// The measured side of the fault tests: a distribution in seconds (min/median/max) and the JSON file each run writes
/// under the repository's <c>.tmp/</c> (<c>.tmp/fault-&lt;name&gt;.json</c>), so the figures in docs/reliability.md can be
/// quoted from a run. Timing is reported, never asserted: the machines are shared and noisy.
/// </summary>
internal static class FaultFigures
{
    /// <summary>Min, median and max of <paramref name="seconds"/> (which must not be empty).</summary>
    public static (double Min, double Median, double Max) Distribution(IReadOnlyCollection<double> seconds)
    {
        if (seconds.Count == 0)
        {
            throw new ArgumentException("A distribution needs at least one value.", nameof(seconds));
        }

        var sorted = seconds.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return (sorted[0], median, sorted[^1]);
    }

    /// <summary>"min 1.23 / median 2.34 / max 3.45 s".</summary>
    public static string Describe((double Min, double Median, double Max) d) =>
        string.Create(CultureInfo.InvariantCulture, $"min {d.Min:0.00} / median {d.Median:0.00} / max {d.Max:0.00} s");

    /// <summary>The distribution as a JSON object (seconds, 3 decimals).</summary>
    public static JsonObject ToJson((double Min, double Median, double Max) d) => new()
    {
        ["min_s"] = Math.Round(d.Min, 3),
        ["median_s"] = Math.Round(d.Median, 3),
        ["max_s"] = Math.Round(d.Max, 3),
    };

    /// <summary>Writes <paramref name="figures"/> to <c>.tmp/fault-&lt;name&gt;.json</c> at the repository root and returns the path.</summary>
    public static string Write(string name, JsonObject figures)
    {
        figures["measured_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        figures["processors"] = Environment.ProcessorCount;
        // AppContext.BaseDirectory = <repo>/tests/River.IntegrationTests/bin/<Configuration>/<framework>/
        var repo = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var directory = Path.Combine(repo, ".tmp");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"fault-{name}.json");
        File.WriteAllText(path, figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return path;
    }
}
