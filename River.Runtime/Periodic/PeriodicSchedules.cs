using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace River;

/// <summary>
/// Reads the schedule text of a <see cref="PeriodicJobAttribute"/>: <c>@every &lt;duration&gt;</c> gives an
/// <see cref="IntervalSchedule"/>, anything else is a cron expression (<see cref="CronSchedule"/>).
/// </summary>
public static class PeriodicSchedules
{
    /// <summary>Parses a schedule.</summary>
    /// <param name="text"><c>@every 90s</c>, <c>@every 1h30m</c> (units d, h, m, s, ms; at least 1 s in total), or a cron expression.</param>
    /// <param name="zone">The time zone of cron fields (default UTC); ignored for intervals.</param>
    /// <exception cref="FormatException">The text is not a valid schedule; the message says why.</exception>
    public static IPeriodicSchedule Parse(string text, TimeZoneInfo? zone = null) =>
        TryParse(text, zone, out var schedule, out var error) ? schedule : throw new FormatException(error);

    /// <summary>Parses a schedule, reporting a readable error instead of throwing.</summary>
    public static bool TryParse(string? text, TimeZoneInfo? zone, [NotNullWhen(true)] out IPeriodicSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The schedule is empty; expected a cron expression or \"@every <duration>\".";
            return false;
        }
        var trimmed = text.Trim();
        if (trimmed.StartsWith("@every", StringComparison.OrdinalIgnoreCase))
        {
            var duration = trimmed[6..].Trim();
            if (!TryParseDuration(duration, out var interval, out error))
            {
                return false;
            }
            if (interval < IntervalSchedule.MinInterval)
            {
                error = $"The interval \"{duration}\" is shorter than the minimum of 1 second.";
                return false;
            }
            schedule = new IntervalSchedule(interval);
            return true;
        }
        if (CronSchedule.TryParse(trimmed, zone, out var cron, out error))
        {
            schedule = cron;
            return true;
        }
        return false;
    }

    /// <summary>Go-style durations: one or more number+unit groups, units <c>d h m s ms</c>, e.g. <c>1h30m</c>, <c>90s</c>.</summary>
    private static bool TryParseDuration(string text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (text.Length == 0)
        {
            error = "\"@every\" needs a duration, e.g. \"@every 15m\" or \"@every 1h30m\".";
            return false;
        }
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == start || i - start > 9)
            {
                error = $"The duration \"{text}\" is invalid at index {start}: expected a number of at most 9 digits followed by a unit (d, h, m, s, ms).";
                return false;
            }
            var number = long.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetterLower(text[i]))
            {
                i++;
            }
            TimeSpan unit;
            switch (text[unitStart..i])
            {
                case "d": unit = TimeSpan.FromDays(1); break;
                case "h": unit = TimeSpan.FromHours(1); break;
                case "m": unit = TimeSpan.FromMinutes(1); break;
                case "s": unit = TimeSpan.FromSeconds(1); break;
                case "ms": unit = TimeSpan.FromMilliseconds(1); break;
                default:
                    error = $"The duration \"{text}\" has an unknown unit \"{text[unitStart..i]}\" at index {unitStart}; use d, h, m, s or ms.";
                    return false;
            }
            value += unit * number;
        }
        error = null;
        return true;
    }
}
