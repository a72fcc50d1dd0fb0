// This file is compiled into River.Runtime and linked into the netstandard2.0 analyzer project (which checks
// [PeriodicJob] schedules at compile time with exactly this code), so it stays self-contained: no River types
// other than CronParser/ParsedCron (linked too), no APIs newer than netstandard2.0 (no string ranges, no spans,
// no char.IsAscii*, no TimeSpan arithmetic operators).

using System;
using System.Globalization;

namespace River.Periodic;

/// <summary>What is wrong with a schedule text, as told apart by <see cref="ScheduleSyntax.Parse"/>.</summary>
internal enum ScheduleProblem
{
    /// <summary>The text is a valid schedule.</summary>
    None,

    /// <summary>The text is empty or white space.</summary>
    Empty,

    /// <summary>A cron expression (anything not starting with <c>@every</c>) that does not parse.</summary>
    InvalidCron,

    /// <summary>An <c>@every</c> whose duration does not parse (or does not fit in a <see cref="TimeSpan"/>).</summary>
    InvalidInterval,

    /// <summary>An <c>@every</c> whose duration parses but is shorter than <see cref="ScheduleSyntax.MinIntervalTicks"/>.</summary>
    IntervalTooShort,
}

/// <summary>
/// Reads the schedule text of a periodic job: <c>@every &lt;duration&gt;</c> (case-insensitive prefix) is an
/// interval, anything else a cron expression (<see cref="CronParser"/>). Shared by
/// <see cref="PeriodicSchedules"/> and the analyzers so both accept exactly the same texts.
/// </summary>
internal static class ScheduleSyntax
{
    /// <summary>The prefix of an interval schedule.</summary>
    public const string IntervalPrefix = "@every";

    /// <summary>The shortest interval accepted: one second.</summary>
    public const long MinIntervalTicks = TimeSpan.TicksPerSecond;

    /// <summary>The longest duration number accepted per group (9 digits, as Go's 32-bit-safe parsing).</summary>
    private const int MaxDigits = 9;

    /// <summary>
    /// Parses a schedule. On success exactly one of <paramref name="interval"/> (non-zero) and
    /// <paramref name="cron"/> (non-null) is set; on failure <paramref name="error"/> says why, naming the cron
    /// field or the duration's bad part.
    /// </summary>
    /// <param name="text">The schedule text; surrounding white space is ignored.</param>
    /// <param name="interval">The interval of an <c>@every</c> schedule (also set for <see cref="ScheduleProblem.IntervalTooShort"/>).</param>
    /// <param name="cron">The parsed cron expression.</param>
    /// <param name="error">The problem, or <see langword="null"/>.</param>
    public static ScheduleProblem Parse(string? text, out TimeSpan interval, out ParsedCron? cron, out string? error)
    {
        interval = TimeSpan.Zero;
        cron = null;
        var trimmed = text?.Trim();
        if (trimmed is null || trimmed.Length == 0)
        {
            error = "The schedule is empty; expected a cron expression or \"@every <duration>\".";
            return ScheduleProblem.Empty;
        }
        if (IsInterval(trimmed))
        {
            var duration = trimmed.Substring(IntervalPrefix.Length).Trim();
            if (!TryParseDuration(duration, out interval, out error))
            {
                return ScheduleProblem.InvalidInterval;
            }
            if (interval.Ticks < MinIntervalTicks)
            {
                error = "The interval \"" + duration + "\" is shorter than the minimum of 1 second.";
                return ScheduleProblem.IntervalTooShort;
            }
            return ScheduleProblem.None;
        }
        if (!CronParser.TryParse(trimmed, out cron, out error))
        {
            error ??= "The cron expression is invalid.";
            return ScheduleProblem.InvalidCron;
        }
        return ScheduleProblem.None;
    }

    /// <summary>Whether the (trimmed) text is an interval schedule, i.e. starts with <c>@every</c> in any case.</summary>
    public static bool IsInterval(string trimmed) => trimmed.StartsWith(IntervalPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Go-style durations: one or more number+unit groups, units <c>d h m s ms</c>, e.g. <c>1h30m</c>, <c>90s</c>.
    /// A total beyond <see cref="TimeSpan.MaxValue"/> is an error, not an exception.
    /// </summary>
    private static bool TryParseDuration(string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        if (text.Length == 0)
        {
            error = "\"@every\" needs a duration, e.g. \"@every 15m\" or \"@every 1h30m\".";
            return false;
        }
        long total = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                i++;
            }
            if (i == start || i - start > MaxDigits)
            {
                error = "The duration \"" + text + "\" is invalid at index " + start.ToString(CultureInfo.InvariantCulture)
                    + ": expected a number of at most 9 digits followed by a unit (d, h, m, s, ms).";
                return false;
            }
            var number = long.Parse(text.Substring(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && text[i] >= 'a' && text[i] <= 'z')
            {
                i++;
            }
            var unitText = text.Substring(unitStart, i - unitStart);
            long unit;
            switch (unitText)
            {
                case "d": unit = TimeSpan.TicksPerDay; break;
                case "h": unit = TimeSpan.TicksPerHour; break;
                case "m": unit = TimeSpan.TicksPerMinute; break;
                case "s": unit = TimeSpan.TicksPerSecond; break;
                case "ms": unit = TimeSpan.TicksPerMillisecond; break;
                default:
                    error = "The duration \"" + text + "\" has an unknown unit \"" + unitText + "\" at index "
                        + unitStart.ToString(CultureInfo.InvariantCulture) + "; use d, h, m, s or ms.";
                    return false;
            }
            if (number > (long.MaxValue - total) / unit)
            {
                error = "The duration \"" + text + "\" is too long; the longest interval is "
                    + TimeSpan.MaxValue.ToString("c", CultureInfo.InvariantCulture) + ".";
                return false;
            }
            total += number * unit;
        }
        value = TimeSpan.FromTicks(total);
        error = null;
        return true;
    }
}
