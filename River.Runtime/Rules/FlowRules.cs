// This file is compiled into River.Runtime (net8.0/net10.0) and linked into the netstandard2.0 generator and
// analyzer projects, so it must stay self-contained: no references to other River types, no APIs newer than
// netstandard2.0.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace River;

/// <summary>
/// The rules of flow control (global concurrency limits, rate limits, sequences), shared by the runtime (which
/// throws), the generator and the analyzers (which report RIVER0053/RIVER0054). Every <c>Validate…</c> function
/// returns <see langword="null"/> when the value is valid, otherwise a message naming the value, the rule and the fix.
/// </summary>
internal static class FlowRules
{
    /// <summary>The largest global concurrency limit (the column is an <c>integer</c>).</summary>
    public const int MaxRunningLimit = int.MaxValue;

    /// <summary>The shortest rate period: one millisecond (a shorter one cannot be told apart by the fetch's clock).</summary>
    public const double MinRatePeriodSeconds = 0.001;

    /// <summary>The longest rate period: 31 days (a longer one is a quota, not a rate).</summary>
    public const double MaxRatePeriodSeconds = 31 * 24 * 3600;

    /// <summary>The longest sequence key, in characters.</summary>
    public const int SequenceKeyMaxLength = 255;

    /// <summary>The metadata key holding a job's sequence key.</summary>
    public const string SequenceMetadataKey = "river:sequence";

    /// <summary>The metadata key holding a job's sequence failure policy (only written when it is <c>skip</c>).</summary>
    public const string SequencePolicyMetadataKey = "river:sequence_policy";

    /// <summary>Checks a global concurrency limit (<c>MaxRunning</c>).</summary>
    public static string? ValidateMaxRunning(long maxRunning)
        => maxRunning > 0 && maxRunning <= MaxRunningLimit
            ? null
            : "A concurrency limit must be at least 1 (at most 1 running job is the strictest limit; to stop a queue, pause it), got "
              + maxRunning.ToString(CultureInfo.InvariantCulture);

    /// <summary>Checks a rate limit: <paramref name="count"/> starts per <paramref name="periodSeconds"/>, bursts of <paramref name="burst"/> (0: the default).</summary>
    public static string? ValidateRate(long count, double periodSeconds, long burst)
    {
        if (count <= 0 || count > int.MaxValue)
        {
            return "A rate limit must allow at least 1 start per period, got " + count.ToString(CultureInfo.InvariantCulture);
        }
        if (double.IsNaN(periodSeconds) || periodSeconds < MinRatePeriodSeconds || periodSeconds > MaxRatePeriodSeconds)
        {
            return "A rate limit's period must be between 1 ms and 31 days, got " + periodSeconds.ToString("R", CultureInfo.InvariantCulture)
                   + " s; write the rate over a period in that range (e.g. 50 per second, 1000 per hour)";
        }
        if (burst < 0 || burst > int.MaxValue)
        {
            return "A rate limit's burst must be at least 1 (or 0 for the default), got " + burst.ToString(CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>
    /// The burst of a rate limit when none is given: one second's worth of starts (at least 1, at most the count), so a
    /// producer that fetches once per poll interval (1 s by default) can reach the rate, and no more than that can start at once.
    /// </summary>
    public static int DefaultBurst(int count, double periodSeconds)
    {
        var perSecond = Math.Ceiling(count / periodSeconds);
        return (int)Math.Max(1, Math.Min(count, perSecond));
    }

    /// <summary>
    /// Splits a property path (JSON names separated by <c>.</c>, <c>\</c> making the next character literal, the syntax of
    /// unique arg paths) into its names; <see langword="null"/> with <paramref name="error"/> set when it is malformed.
    /// </summary>
    public static List<string>? SplitPath(string? path, string label, out string? error)
    {
        error = null;
        if (path is null || path.Length == 0)
        {
            error = label + " must not be empty; name a JSON property of the args, e.g. \"customer_id\" or \"order.id\"";
            return null;
        }
        var segments = new List<string>();
        var segment = new StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\')
            {
                if (++i == path.Length)
                {
                    error = label + " \"" + path + "\" ends with an unpaired '\\'";
                    return null;
                }
                segment.Append(path[i]);
            }
            else if (c == '.')
            {
                if (segment.Length == 0)
                {
                    error = label + " \"" + path + "\" has an empty property name";
                    return null;
                }
                segments.Add(segment.ToString());
                segment.Clear();
            }
            else
            {
                segment.Append(c);
            }
        }
        if (segment.Length == 0)
        {
            error = label + " \"" + path + "\" has an empty property name";
            return null;
        }
        segments.Add(segment.ToString());
        return segments;
    }

    /// <summary>Checks that a concurrency limit and a rate limit of one kind partition by the same path (the kind has one partition).</summary>
    public static string? ValidatePartitionAgreement(string kind, string? concurrencyPartition, string? ratePartition)
        => concurrencyPartition is not null && ratePartition is not null && !string.Equals(concurrencyPartition, ratePartition, StringComparison.Ordinal)
            ? "Kind '" + kind + "' partitions its concurrency limit by \"" + concurrencyPartition + "\" and its rate limit by \"" + ratePartition
              + "\": a kind has one partition path; give both the same PartitionBy, or leave one unset (it then takes the other's)"
            : null;

    /// <summary>Checks a sequence key given on an insert.</summary>
    public static string? ValidateSequenceKey(string key)
        => key.Length == 0 || key.Length > SequenceKeyMaxLength
            ? "A sequence key must be 1 to " + SequenceKeyMaxLength.ToString(CultureInfo.InvariantCulture) + " characters, got "
              + key.Length.ToString(CultureInfo.InvariantCulture)
            : null;

    /// <summary>
    /// Checks a sequence against the kind's uniqueness: a kind unique neither by args nor by period admits one job at
    /// a time in the unique states, so its sequences never hold a second job.
    /// </summary>
    public static string? ValidateSequenceWithUnique(string kind, bool unique, bool uniqueByArgs, bool uniqueByPeriod)
        => unique && !uniqueByArgs && !uniqueByPeriod
            ? "Kind '" + kind + "' is in a sequence and unique by kind alone ([UniqueJob] without ByArgs or ByPeriodSeconds): only one of its jobs "
              + "can wait at a time, so the sequence never orders anything; make it unique by args (or by period), or drop one of the two"
            : null;

    /// <summary>
    /// Checks a sequence by <paramref name="sequenceBy"/> against a uniqueness by args on <paramref name="uniqueArgPaths"/>
    /// (JSON paths; null or empty: the whole args, which does not conflict). When every unique path is the sequence path
    /// or lies under it, the unique key is fixed by the sequence key: a second job of one sequence is a duplicate while
    /// the first waits or runs, so it is not inserted, later steps are lost and the sequence never orders anything.
    /// Uniqueness by period is left alone (jobs of different periods do queue up), as in <see cref="ValidateSequenceWithUnique"/>.
    /// A unique key that merely does not include the sequence path is not reported: whether it tells a sequence's
    /// jobs apart depends on values, not on declarations.
    /// </summary>
    public static string? ValidateSequenceWithUniqueKey(string kind, string? sequenceBy, IReadOnlyList<string>? uniqueArgPaths, bool uniqueByPeriod)
    {
        if (sequenceBy is null || uniqueByPeriod || uniqueArgPaths is null || uniqueArgPaths.Count == 0
            || SplitPath(sequenceBy, "path", out _) is not { } sequence)
        {
            return null;
        }
        foreach (var path in uniqueArgPaths)
        {
            if (SplitPath(path, "path", out _) is not { } unique || unique.Count < sequence.Count)
            {
                return null;
            }
            for (var i = 0; i < sequence.Count; i++)
            {
                if (!string.Equals(unique[i], sequence[i], StringComparison.Ordinal))
                {
                    return null;
                }
            }
        }
        var quoted = new StringBuilder();
        foreach (var path in uniqueArgPaths)
        {
            quoted.Append(quoted.Length == 0 ? "\"" : ", \"").Append(path).Append('"');
        }
        return "Kind '" + kind + "' is in a sequence by \"" + sequenceBy + "\" and unique by args on [" + quoted
               + "], which the sequence key fixes: a second job of one sequence is a duplicate while the first waits or runs, so later steps "
               + "are not inserted and the sequence never orders anything; add a value that tells the steps apart to the unique key "
               + "([UniqueKey] on it, e.g. a step number), or drop one of the two";
    }

    /// <summary>Checks a flow rule for a queue: a queue has no args, so it cannot be partitioned.</summary>
    public static string? ValidateQueueHasNoPartition(string queue, string? partitionBy)
        => partitionBy is null
            ? null
            : "The flow limits of queue '" + queue + "' name PartitionBy \"" + partitionBy + "\", but a queue's jobs have different args: partition a kind's limit instead";
}
