using System.Diagnostics.CodeAnalysis;
using River.Periodic;

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
    /// <remarks>The text is read by the same code the River analyzers use (RIVER0023, RIVER0024), so a schedule
    /// that compiles without those diagnostics parses here.</remarks>
    public static bool TryParse(string? text, TimeZoneInfo? zone, [NotNullWhen(true)] out IPeriodicSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        if (ScheduleSyntax.Parse(text, out var interval, out var cron, out error) != ScheduleProblem.None)
        {
            schedule = null;
            error ??= "The schedule is invalid.";
            return false;
        }
        schedule = cron is null ? new IntervalSchedule(interval) : CronSchedule.FromParsed(text!.Trim(), cron, zone);
        error = null;
        return true;
    }
}
