using River.Periodic;

namespace River.Runtime.Tests.Periodic;

/// <summary>How a code schedule is stored so that any client can read its times back.</summary>
public sealed class ScheduleTextTests
{
    [Theory]
    [InlineData(90, "@every 1m30s")]
    [InlineData(3600, "@every 1h")]
    [InlineData(93_784, "@every 1d2h3m4s")]
    [InlineData(1, "@every 1s")]
    public void Intervals_are_stored_as_every_text_that_parses_back(int seconds, string expected)
    {
        var interval = TimeSpan.FromSeconds(seconds);
        var (text, zone) = ScheduleText.Of(new IntervalSchedule(interval));
        Assert.Equal(expected, text);
        Assert.Null(zone);
        var parsed = Assert.IsType<IntervalSchedule>(ScheduleText.TryParse(text, zone));
        Assert.Equal(interval, parsed.Interval);
    }

    [Fact]
    public void Milliseconds_are_kept()
    {
        var (text, _) = ScheduleText.Of(new IntervalSchedule(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("@every 1s500ms", text);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Assert.IsType<IntervalSchedule>(ScheduleText.TryParse(text, null)).Interval);
    }

    [Fact]
    public void Cron_keeps_its_expression_and_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var (text, zone) = ScheduleText.Of(CronSchedule.Parse("30 2 * * *", berlin));
        Assert.Equal(("30 2 * * *", "Europe/Berlin"), (text, zone));
        var parsed = Assert.IsType<CronSchedule>(ScheduleText.TryParse(text, zone));
        var after = new DateTimeOffset(2025, 3, 29, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(CronSchedule.Parse("30 2 * * *", berlin).Next(after), parsed.Next(after));
        Assert.Equal(("0 * * * *", (string?)null), ScheduleText.Of(CronSchedule.Parse("0 * * * *")));
    }

    private sealed class Custom : IPeriodicSchedule
    {
        public DateTimeOffset Next(DateTimeOffset after) => after.AddMinutes(1);
        public override string ToString() => "every minute, custom";
    }

    [Fact]
    public void A_custom_schedule_is_stored_as_its_description_which_does_not_parse()
    {
        var (text, zone) = ScheduleText.Of(new Custom());
        Assert.Equal("every minute, custom", text);
        Assert.Null(ScheduleText.TryParse(text, zone));
        Assert.Null(ScheduleText.TryParse("0 3 * * *", "No/Such_Zone"));
    }
}
