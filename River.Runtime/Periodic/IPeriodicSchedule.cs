namespace River;

/// <summary>When a periodic job fires.</summary>
public interface IPeriodicSchedule
{
    /// <summary>The first firing time strictly after <paramref name="after"/>.</summary>
    DateTimeOffset Next(DateTimeOffset after);
}
