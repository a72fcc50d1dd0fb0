using System.Globalization;

namespace River.Runtime.Tests.Periodic;

/// <summary>
/// Daylight-saving behaviour (Vixie cron / cronie): fixed-time jobs run once when their wall time is
/// repeated and right after a gap that swallowed it; wildcard jobs follow the wall clock.
/// Europe/Berlin: 2025-03-30 02:00 CET → 03:00 CEST (01:00Z); 2025-10-26 03:00 CEST → 02:00 CET (01:00Z).
/// America/New_York: 2025-03-09 02:00 EST → 03:00 EDT (07:00Z); 2025-11-02 02:00 EDT → 01:00 EST (06:00Z).
/// </summary>
public sealed class CronScheduleDaylightSavingTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset T(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static void AssertRuns(string expression, TimeZoneInfo zone, string after, params string[] expected)
    {
        var schedule = CronSchedule.Parse(expression, zone);
        var t = T(after);
        foreach (var next in expected)
        {
            var actual = schedule.Next(t);
            Assert.True(T(next) == actual, $"{expression} after {t:O}: expected {next}, got {actual:O}");
            Assert.Equal(zone.GetUtcOffset(actual), actual.Offset);
            t = actual;
        }
    }

    [Fact]
    public void Berlin_spring_forward_fixed_time_in_the_gap_runs_once_at_the_end_of_the_gap() =>
        AssertRuns("30 2 * * *", Berlin, "2025-03-29T12:00:00Z",
            "2025-03-30T01:00:00Z", // 03:00 CEST
            "2025-03-31T00:30:00Z", // 02:30 CEST
            "2025-04-01T00:30:00Z");

    [Fact]
    public void Berlin_spring_forward_several_fixed_times_in_the_gap_still_run_once() =>
        AssertRuns("0,15,45 2 * * *", Berlin, "2025-03-30T00:00:00Z",
            "2025-03-30T01:00:00Z",
            "2025-03-31T00:00:00Z");

    [Fact]
    public void Berlin_spring_forward_wildcard_skips_the_missing_hour()
    {
        AssertRuns("*/30 * * * *", Berlin, "2025-03-30T00:15:00Z", // 01:15 CET
            "2025-03-30T00:30:00Z", // 01:30 CET
            "2025-03-30T01:00:00Z", // 03:00 CEST
            "2025-03-30T01:30:00Z");
        AssertRuns("30 * * * *", Berlin, "2025-03-30T00:45:00Z", // 01:45 CET; 02:30 does not exist
            "2025-03-30T01:30:00Z"); // 03:30 CEST
    }

    [Fact]
    public void Berlin_fall_back_fixed_time_runs_at_the_first_occurrence_only() =>
        AssertRuns("30 2 * * *", Berlin, "2025-10-25T12:00:00Z",
            "2025-10-26T00:30:00Z", // 02:30 CEST
            "2025-10-27T01:30:00Z"); // 02:30 CET the next day, not 02:30 CET on the 26th

    [Fact]
    public void Berlin_fall_back_wildcard_runs_in_both_occurrences()
    {
        AssertRuns("*/30 * * * *", Berlin, "2025-10-25T23:45:00Z", // 01:45 CEST
            "2025-10-26T00:00:00Z", // 02:00 CEST
            "2025-10-26T00:30:00Z", // 02:30 CEST
            "2025-10-26T01:00:00Z", // 02:00 CET
            "2025-10-26T01:30:00Z", // 02:30 CET
            "2025-10-26T02:00:00Z"); // 03:00 CET
        AssertRuns("0 * * * *", Berlin, "2025-10-25T23:30:00Z",
            "2025-10-26T00:00:00Z", "2025-10-26T01:00:00Z", "2025-10-26T02:00:00Z");
    }

    [Fact]
    public void New_York_spring_forward()
    {
        AssertRuns("30 2 * * *", NewYork, "2025-03-09T05:00:00Z", "2025-03-09T07:00:00Z", "2025-03-10T06:30:00Z");
        AssertRuns("0 2 * * *", NewYork, "2025-03-08T12:00:00Z", "2025-03-09T07:00:00Z", "2025-03-10T06:00:00Z");
        AssertRuns("*/20 * * * *", NewYork, "2025-03-09T06:50:00Z", "2025-03-09T07:00:00Z", "2025-03-09T07:20:00Z");
        AssertRuns("0 3 * * *", NewYork, "2025-03-09T05:00:00Z", "2025-03-09T07:00:00Z", "2025-03-10T07:00:00Z");
    }

    [Fact]
    public void New_York_fall_back()
    {
        AssertRuns("30 1 * * *", NewYork, "2025-11-01T12:00:00Z", "2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z");
        AssertRuns("*/20 * * * *", NewYork, "2025-11-02T05:40:00Z", // 01:40 EDT
            "2025-11-02T06:00:00Z", // 01:00 EST (repeat)
            "2025-11-02T06:20:00Z",
            "2025-11-02T06:40:00Z",
            "2025-11-02T07:00:00Z"); // 02:00 EST
        AssertRuns("* 1 * * *", NewYork, "2025-11-02T05:59:00Z", "2025-11-02T06:00:00Z", "2025-11-02T06:01:00Z");
        AssertRuns("15 1 * * *", NewYork, "2025-11-02T05:50:00Z", "2025-11-03T06:15:00Z"); // already ran at 01:15 EDT
        AssertRuns("0 2 * * *", NewYork, "2025-11-01T12:00:00Z", "2025-11-02T07:00:00Z", "2025-11-03T07:00:00Z");
    }

    [Fact]
    public void Starting_inside_the_second_pass_of_a_repeated_hour()
    {
        // 01:10 EST (second pass): the wildcard job continues in the second pass, the fixed one waits a day.
        AssertRuns("*/20 * * * *", NewYork, "2025-11-02T06:10:00Z", "2025-11-02T06:20:00Z");
        AssertRuns("40 1 * * *", NewYork, "2025-11-02T06:10:00Z", "2025-11-03T06:40:00Z");
    }

    [Fact]
    public void Seconds_in_a_zone()
    {
        AssertRuns("*/20 * * * * *", Berlin, "2025-03-30T00:59:50Z", "2025-03-30T01:00:00Z", "2025-03-30T01:00:20Z");
    }

    [Fact]
    public void Southern_hemisphere_and_half_hour_shifts()
    {
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        AssertRuns("30 2 * * *", sydney, "2025-10-04T12:00:00Z", "2025-10-04T16:00:00Z", "2025-10-05T15:30:00Z"); // gap 02:00-02:59 on Oct 5

        // Lord Howe moves by 30 minutes: gap 02:00-02:29 on 2025-10-05 (15:30Z the day before), 01:30-01:59
        // repeated on 2025-04-06 (from 15:00Z the day before).
        var lordHowe = TimeZoneInfo.FindSystemTimeZoneById("Australia/Lord_Howe");
        AssertRuns("15 2 * * *", lordHowe, "2025-10-04T12:00:00Z", "2025-10-04T15:30:00Z", "2025-10-05T15:15:00Z");
        AssertRuns("30 2 * * *", lordHowe, "2025-10-04T12:00:00Z", "2025-10-04T15:30:00Z", "2025-10-05T15:30:00Z");
        AssertRuns("*/15 * * * *", lordHowe, "2025-10-04T15:20:00Z", "2025-10-04T15:30:00Z");
        AssertRuns("*/20 * * * *", lordHowe, "2025-04-05T14:50:00Z", "2025-04-05T15:10:00Z", "2025-04-05T15:30:00Z");
        AssertRuns("45 1 * * *", lordHowe, "2025-04-05T14:50:00Z", "2025-04-06T15:15:00Z");
    }

    [Fact]
    public void Transitions_at_midnight()
    {
        // Santiago: 2025-09-07 00:00 -04 becomes 01:00 -03 (04:00Z); 2025-04-06 00:00 -03 becomes 2025-04-05 23:00 -04 (03:00Z).
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        AssertRuns("@daily", santiago, "2025-09-06T12:00:00Z", "2025-09-07T04:00:00Z", "2025-09-08T03:00:00Z");
        AssertRuns("0 0 * * *", santiago, "2025-04-05T12:00:00Z", "2025-04-06T04:00:00Z");
        AssertRuns("30 23 * * *", santiago, "2025-04-05T12:00:00Z", "2025-04-06T02:30:00Z", "2025-04-07T03:30:00Z");
    }

    [Fact]
    public void Earliest_instant_is_handled()
    {
        // Local time before year 1 is clamped by TimeZoneInfo; the result is still a local midnight.
        var next = CronSchedule.Parse("0 0 * * *", NewYork).Next(DateTimeOffset.MinValue);
        Assert.Equal(TimeSpan.Zero, next.TimeOfDay);
        Assert.True(next.UtcDateTime < new DateTime(1, 1, 3, 0, 0, 0, DateTimeKind.Utc), next.ToString("O", CultureInfo.InvariantCulture));
    }
}
