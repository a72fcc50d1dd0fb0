// This file is compiled into River.Runtime (net8.0/net10.0) and linked into the netstandard2.0 analyzer
// project, so it must stay self-contained: no references to other River types, no APIs newer than
// netstandard2.0.

using System.Globalization;

namespace River;

/// <summary>
/// The rules of a batch worker's settings (<c>[BatchSize]</c>, <c>BatchWorkerOptions</c>), shared by the runtime
/// (which throws) and the analyzers (RIVER0060, RIVER0061). Each <c>Validate…</c> function returns
/// <see langword="null"/> when the value is valid, otherwise a message naming the setting, the rule and the value.
/// </summary>
internal static class BatchRules
{
    /// <summary>
    /// The largest batch: 1,000. Every outcome of a batch must fit in one completer statement and well inside the
    /// completer's backlog (10,000), and a call that holds more jobs than this holds them all hostage to the slowest.
    /// </summary>
    public const int MaxSizeLimit = 1_000;

    /// <summary>
    /// The longest collection window: 60,000 ms. Jobs waiting for their batch are already fetched (running, holding a
    /// worker slot each); a longer wait belongs in a schedule (<c>ScheduledAt</c>), not in a fetched job.
    /// </summary>
    public const int CollectionWindowLimitMilliseconds = 60_000;

    /// <summary>The batch-size rule in the words of the docs.</summary>
    public const string MaxSizeRule = "between 1 and 1000 jobs";

    /// <summary>The collection-window rule in the words of the docs.</summary>
    public const string CollectionWindowRule = "between 0 and 60000 milliseconds";

    /// <summary>Checks a batch's maximum size.</summary>
    public static string? ValidateMaxSize(long maxSize) => maxSize is >= 1 and <= MaxSizeLimit
        ? null
        : "The batch size must be " + MaxSizeRule + ", got " + maxSize.ToString(CultureInfo.InvariantCulture);

    /// <summary>Checks a collection window given in milliseconds (fractions allowed).</summary>
    public static string? ValidateCollectionWindow(double milliseconds) => milliseconds is >= 0 and <= CollectionWindowLimitMilliseconds
        ? null
        : "The batch collection window must be " + CollectionWindowRule + ", got " + milliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
