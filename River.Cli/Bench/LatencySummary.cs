namespace River.Cli.Bench;

/// <summary>Percentiles of a set of latencies in milliseconds (nearest-rank).</summary>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max)
{
    /// <summary>Summarizes <paramref name="values"/> (sorted in place); <see langword="null"/> when empty.</summary>
    public static LatencySummary? From(double[] values)
    {
        if (values.Length == 0)
        {
            return null;
        }
        Array.Sort(values);
        return new LatencySummary(values.Length, Rank(values, 0.50), Rank(values, 0.90), Rank(values, 0.99), values[^1]);
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
