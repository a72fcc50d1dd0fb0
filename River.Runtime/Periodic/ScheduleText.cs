using System.Globalization;
using System.Text;

namespace River.Periodic;

/// <summary>
/// The stored text of a code schedule's <see cref="IPeriodicSchedule"/>: a cron expression and its zone, or
/// <c>@every</c> with the interval in the units <see cref="ScheduleSyntax"/> reads, so any client can parse it
/// back; a custom schedule is stored as its description (<see cref="object.ToString"/>) and only clients that
/// declare it can compute its runs.
/// </summary>
internal static class ScheduleText
{
    public static (string Text, string? TimeZone) Of(IPeriodicSchedule schedule) => schedule switch
    {
        CronSchedule cron => (cron.Expression, cron.TimeZone == TimeZoneInfo.Utc ? null : cron.TimeZone.Id),
        IntervalSchedule interval => (Every(interval.Interval), null),
        _ => (Truncate(schedule.ToString() ?? schedule.GetType().Name), null),
    };

    /// <summary><c>@every 1h30m</c>-style text of an interval (units d, h, m, s, ms; sub-millisecond ticks are dropped).</summary>
    public static string Every(TimeSpan interval)
    {
        var text = new StringBuilder(ScheduleSyntax.IntervalPrefix).Append(' ');
        void Unit(long value, string unit)
        {
            if (value > 0)
            {
                text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
        Unit((long)interval.TotalDays, "d");
        Unit(interval.Hours, "h");
        Unit(interval.Minutes, "m");
        Unit(interval.Seconds, "s");
        Unit(interval.Milliseconds, "ms");
        return text.ToString();
    }

    /// <summary>Parses a stored schedule back, or returns null (a custom schedule's description, or a bad text or zone).</summary>
    public static IPeriodicSchedule? TryParse(string text, string? timeZone)
    {
        TimeZoneInfo? zone = null;
        if (timeZone is not null)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return null;
            }
        }
        return PeriodicSchedules.TryParse(text, zone, out var schedule, out _) ? schedule : null;
    }

    private static string Truncate(string text) => text.Length <= 1000 ? (text.Length == 0 ? "custom" : text) : text[..1000];
}
