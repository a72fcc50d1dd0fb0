namespace River.Runtime.Tests.Periodic;

public sealed class IntervalScheduleTests
{
    [Fact]
    public void Next_is_after_plus_interval()
    {
        var schedule = new IntervalSchedule(TimeSpan.FromMinutes(15));
        var t = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(t.AddMinutes(15), schedule.Next(t));
        Assert.Equal(TimeSpan.FromMinutes(15), schedule.Interval);
    }

    [Fact]
    public void One_second_is_the_minimum()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new IntervalSchedule(TimeSpan.FromSeconds(1)).Interval);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new IntervalSchedule(TimeSpan.FromMilliseconds(999)));
        Assert.StartsWith("The interval of a periodic schedule must be at least 1 second, got 00:00:00.9990000", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntervalSchedule(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntervalSchedule(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Next_near_the_end_of_time_is_max_value() =>
        Assert.Equal(DateTimeOffset.MaxValue, new IntervalSchedule(TimeSpan.FromDays(1)).Next(DateTimeOffset.MaxValue.AddHours(-1)));
}
