using System.Globalization;

namespace River;

/// <summary>A stop timeout as the stop's log line shows it: "30 s", "1.5 s", "250 ms", "2 min".</summary>
internal static class StopTimeoutText
{
    public static string Format(TimeSpan timeout)
    {
        if (timeout < TimeSpan.FromSeconds(1))
        {
            return timeout.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
        }
        if (timeout >= TimeSpan.FromMinutes(2) && timeout.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return timeout.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min";
        }
        return timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
    }
}
