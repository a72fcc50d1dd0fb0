using System.Globalization;
using River.Periodic;

namespace River;

/// <summary>
/// A fixed interval: each run is <see cref="Interval"/> after the previous one (as River's
/// <c>PeriodicInterval</c>). Passing the planned time of the previous run, not the time it actually ran,
/// keeps the schedule from drifting.
/// </summary>
public sealed class IntervalSchedule : IPeriodicSchedule
{
    /// <summary>The shortest interval accepted.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromTicks(ScheduleSyntax.MinIntervalTicks);

    /// <summary>Creates a schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is shorter than one second.</exception>
    public IntervalSchedule(TimeSpan interval)
    {
        if (interval < MinInterval)
            throw new ArgumentOutOfRangeException(nameof(interval), interval,
                "The interval of a periodic schedule must be at least 1 second, got " + interval.ToString("c", CultureInfo.InvariantCulture) + ".");
        Interval = interval;
    }

    /// <summary>The interval between runs.</summary>
    public TimeSpan Interval { get; }

    /// <inheritdoc/>
    public DateTimeOffset Next(DateTimeOffset after) =>
        DateTimeOffset.MaxValue - after <= Interval ? DateTimeOffset.MaxValue : after + Interval;

    /// <inheritdoc/>
    public override string ToString() => "every " + Interval.ToString("c", CultureInfo.InvariantCulture);
}
