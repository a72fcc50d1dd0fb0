namespace River;

/// <summary>When a periodic job runs: a sequence of instants, asked for one at a time.</summary>
public interface IPeriodicSchedule
{
    /// <summary>
    /// The first run time strictly after <paramref name="after"/>. Returns <see cref="DateTimeOffset.MaxValue"/>
    /// when the schedule has no later run (nothing is representable after the end of year 9999).
    /// </summary>
    DateTimeOffset Next(DateTimeOffset after);
}
