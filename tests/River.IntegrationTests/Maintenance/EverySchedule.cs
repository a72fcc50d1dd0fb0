namespace River.IntegrationTests.Maintenance;

/// <summary>A test schedule: every <c>interval</c>, aligned to multiples of it since 0001-01-01 UTC.</summary>
internal sealed class EverySchedule(TimeSpan interval) : IPeriodicSchedule
{
    public DateTimeOffset Next(DateTimeOffset after)
    {
        var ticks = after.UtcTicks;
        return new DateTimeOffset(ticks - ticks % interval.Ticks + interval.Ticks, TimeSpan.Zero);
    }
}
