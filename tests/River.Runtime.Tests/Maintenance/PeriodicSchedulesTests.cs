namespace River.Runtime.Tests.Maintenance;

public sealed class PeriodicSchedulesTests
{
    [Theory]
    [InlineData("@every 90s", 90)]
    [InlineData("@every 1h30m", 5400)]
    [InlineData("  @every 1d  ", 86400)]
    [InlineData("@every 1s", 1)]
    [InlineData("@every 1500ms", 1.5)]
    [InlineData("@Every 2m", 120)]
    [InlineData("@every 10675199d", 922337193600)]
    public void Every_gives_an_interval(string text, double seconds)
    {
        var schedule = Assert.IsType<IntervalSchedule>(PeriodicSchedules.Parse(text));
        Assert.Equal(TimeSpan.FromSeconds(seconds), schedule.Interval);
    }

    [Fact]
    public void Anything_else_is_cron()
    {
        var schedule = Assert.IsType<CronSchedule>(PeriodicSchedules.Parse("*/5 * * * *"));
        var at = new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2024, 5, 17, 13, 50, 0, TimeSpan.Zero), schedule.Next(at));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("@every", "needs a duration")]
    [InlineData("@every 500ms", "shorter than the minimum of 1 second")]
    [InlineData("@every 5x", "unknown unit \"x\"")]
    [InlineData("@every m", "expected a number")]
    [InlineData("61 * * * *", "minute")]
    [InlineData("  ", "empty")]
    [InlineData("@EVERY 0s", "shorter than the minimum of 1 second")]
    [InlineData("@every 999ms", "shorter than the minimum of 1 second")]
    [InlineData("@every 1H", "unknown unit \"\"")]
    [InlineData("@every 1234567890s", "at most 9 digits")]
    [InlineData("@every 999999999d", "too long")]
    [InlineData("@every 10675199d999999999d", "too long")]
    [InlineData("0 0 * * 7/2", "day-of-week field: \"7/2\" selects no value")]
    [InlineData("@often", "Unknown cron macro")]
    public void Errors_say_what_is_wrong(string text, string expected)
    {
        Assert.False(PeriodicSchedules.TryParse(text, null, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => PeriodicSchedules.Parse(text));
    }
}
