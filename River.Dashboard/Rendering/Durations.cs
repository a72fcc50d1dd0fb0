using System.Globalization;

namespace River.Dashboard.Rendering;

/// <summary>
/// A duration as people read it: in the largest unit it is a whole number of (<c>1 min</c>, <c>6 h</c>, <c>2 d</c>),
/// else <c>250 ms</c>, <c>90 s</c>, <c>2.5 min</c>, <c>1.5 h</c>.
/// </summary>
internal static class Durations
{
    public static string Format(TimeSpan span)
    {
        if (span >= TimeSpan.FromMinutes(1))
        {
            foreach (var (unit, name) in new[] { (TimeSpan.FromDays(1), "d"), (TimeSpan.FromHours(1), "h"), (TimeSpan.FromMinutes(1), "min") })
            {
                if (span >= unit && span.Ticks % unit.Ticks == 0)
                {
                    return (span.Ticks / unit.Ticks).ToString(CultureInfo.InvariantCulture) + " " + name;
                }
            }
        }
        return span.TotalSeconds switch
        {
            < 1 => span.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms",
            < 120 => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
            < 7_200 => span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min",
            < 172_800 => span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h",
            _ => span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " d",
        };
    }
}
