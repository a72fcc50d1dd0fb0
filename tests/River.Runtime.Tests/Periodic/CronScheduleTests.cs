using System.Globalization;

namespace River.Runtime.Tests.Periodic;

public sealed class CronScheduleTests
{
    private static DateTimeOffset T(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    // Basics and "strictly after"
    [InlineData("* * * * *", "2025-01-01T00:00:00Z", "2025-01-01T00:01:00Z")]
    [InlineData("* * * * *", "2025-01-01T00:00:30.5Z", "2025-01-01T00:01:00Z")]
    [InlineData("0 12 * * *", "2025-01-01T12:00:00Z", "2025-01-02T12:00:00Z")]
    [InlineData("0 12 * * *", "2025-01-01T11:59:59.9999999Z", "2025-01-01T12:00:00Z")]
    // Steps, ranges, lists
    [InlineData("*/5 * * * *", "2025-01-01T00:03:00Z", "2025-01-01T00:05:00Z")]
    [InlineData("*/5 * * * *", "2025-01-01T23:57:00Z", "2025-01-02T00:00:00Z")]
    [InlineData("1-30/2 0 * * *", "2025-01-01T00:02:00Z", "2025-01-01T00:03:00Z")]
    [InlineData("1-30/2 0 * * *", "2025-01-01T00:29:00Z", "2025-01-02T00:01:00Z")]
    [InlineData("5/10 * * * *", "2025-01-01T00:06:00Z", "2025-01-01T00:15:00Z")]
    [InlineData("5/10 * * * *", "2025-01-01T00:55:00Z", "2025-01-01T01:05:00Z")]
    [InlineData("0,30 8-10 * * *", "2025-01-01T10:30:00Z", "2025-01-02T08:00:00Z")]
    [InlineData("0,30 8-10 * * *", "2025-01-01T08:10:00Z", "2025-01-01T08:30:00Z")]
    [InlineData("15 14 1 * *", "2025-01-01T14:15:00Z", "2025-02-01T14:15:00Z")]
    // Month ends
    [InlineData("0 0 1 * *", "2025-01-31T12:00:00Z", "2025-02-01T00:00:00Z")]
    [InlineData("0 0 31 * *", "2025-04-01T00:00:00Z", "2025-05-31T00:00:00Z")]
    [InlineData("0 0 31 * *", "2025-05-31T00:00:00Z", "2025-07-31T00:00:00Z")]
    [InlineData("0 0 30 * *", "2025-01-30T00:00:00Z", "2025-03-30T00:00:00Z")]
    // Leap years
    [InlineData("0 0 29 2 *", "2025-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z")] // 2100 is not a leap year
    [InlineData("0 0 28 2 *", "2024-02-28T00:00:00Z", "2025-02-28T00:00:00Z")]
    [InlineData("0 0 * 2 *", "2024-02-28T00:00:00Z", "2024-02-29T00:00:00Z")]
    // Year rollover
    [InlineData("59 23 31 12 *", "2025-12-31T23:59:00Z", "2026-12-31T23:59:00Z")]
    [InlineData("0 0 1 1 *", "2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z")]
    [InlineData("*/7 * * * *", "2025-12-31T23:58:00Z", "2026-01-01T00:00:00Z")]
    // Sunday as 0, 7 and SUN; weekday ranges (2025-01-01 is a Wednesday)
    [InlineData("0 12 * * 0", "2025-01-01T00:00:00Z", "2025-01-05T12:00:00Z")]
    [InlineData("0 12 * * 7", "2025-01-01T00:00:00Z", "2025-01-05T12:00:00Z")]
    [InlineData("0 12 * * sun", "2025-01-01T00:00:00Z", "2025-01-05T12:00:00Z")]
    [InlineData("0 12 * * 5-7", "2025-01-04T13:00:00Z", "2025-01-05T12:00:00Z")]
    [InlineData("0 12 * * 7,1", "2025-01-05T13:00:00Z", "2025-01-06T12:00:00Z")]
    [InlineData("0 12 * * 5/1", "2025-01-04T13:00:00Z", "2025-01-10T12:00:00Z")] // 5/1 = FRI-SAT
    [InlineData("0 9 * * MON-FRI", "2025-01-03T10:00:00Z", "2025-01-06T09:00:00Z")]
    [InlineData("0 9 * * Mon,Wed,Fri", "2025-01-01T09:00:00Z", "2025-01-03T09:00:00Z")]
    [InlineData("0 0 1 jan,Jul *", "2025-01-01T00:00:00Z", "2025-07-01T00:00:00Z")]
    [InlineData("0 0 1 JAN-MAR/2 *", "2025-01-01T00:00:00Z", "2025-03-01T00:00:00Z")]
    // Day-of-month OR day-of-week when both are restricted (Vixie), AND when either begins with *
    [InlineData("0 0 1 * MON", "2025-01-01T00:00:00Z", "2025-01-06T00:00:00Z")]
    [InlineData("0 0 1 * MON", "2025-01-27T00:00:00Z", "2025-02-01T00:00:00Z")]
    [InlineData("0 0 */2 * MON", "2025-01-01T00:00:00Z", "2025-01-13T00:00:00Z")]
    [InlineData("0 0 13 * */5", "2025-01-01T00:00:00Z", "2025-04-13T00:00:00Z")] // */5 = SUN, FRI (AND): first 13th on a Sunday or Friday
    [InlineData("0 0 30 2 MON", "2025-01-01T00:00:00Z", "2025-02-03T00:00:00Z")] // OR: Feb 30 never, but Mondays in February
    [InlineData("0 0 ? * MON", "2025-01-01T00:00:00Z", "2025-01-06T00:00:00Z")]
    // Seconds field
    [InlineData("*/10 * * * * *", "2025-01-01T00:00:05Z", "2025-01-01T00:00:10Z")]
    [InlineData("30 0 0 1 1 *", "2025-01-01T00:00:30Z", "2026-01-01T00:00:30Z")]
    [InlineData("0 * * * * *", "2025-01-01T00:00:59.5Z", "2025-01-01T00:01:00Z")]
    [InlineData("59 59 23 31 12 *", "2025-06-01T00:00:00Z", "2025-12-31T23:59:59Z")]
    // Macros
    [InlineData("@hourly", "2025-01-01T00:30:00Z", "2025-01-01T01:00:00Z")]
    [InlineData("@daily", "2025-01-01T00:30:00Z", "2025-01-02T00:00:00Z")]
    [InlineData("@midnight", "2025-01-01T00:30:00Z", "2025-01-02T00:00:00Z")]
    [InlineData("@weekly", "2025-01-01T00:30:00Z", "2025-01-05T00:00:00Z")]
    [InlineData("@monthly", "2025-01-01T00:30:00Z", "2025-02-01T00:00:00Z")]
    [InlineData("@yearly", "2025-01-01T00:30:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("@annually", "2025-01-01T00:30:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("  @DAILY ", "2025-01-01T00:30:00Z", "2025-01-02T00:00:00Z")]
    [InlineData("0\t0  * *   *", "2025-01-01T00:30:00Z", "2025-01-02T00:00:00Z")]
    public void Next_in_utc(string expression, string after, string expected)
    {
        var schedule = CronSchedule.Parse(expression);
        Assert.Equal(T(expected), schedule.Next(T(after)));
        Assert.Equal(TimeSpan.Zero, schedule.Next(T(after)).Offset);
    }

    [Fact]
    public void Input_offset_does_not_matter()
    {
        var schedule = CronSchedule.Parse("0 12 * * *");
        Assert.Equal(T("2025-01-01T12:00:00Z"), schedule.Next(new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.FromHours(5))));
    }

    [Fact]
    public void No_run_before_the_end_of_year_9999_gives_max_value()
    {
        Assert.Equal(DateTimeOffset.MaxValue, CronSchedule.Parse("0 0 1 1 *").Next(T("9999-06-01T00:00:00Z")));
        Assert.Equal(DateTimeOffset.MaxValue, CronSchedule.Parse("* * * * * *").Next(DateTimeOffset.MaxValue));
        Assert.Equal(T("9999-12-31T23:59:59Z"), CronSchedule.Parse("* * * * * *").Next(T("9999-12-31T23:59:58Z")));
    }

    [Fact]
    public void Repeated_calls_walk_the_schedule()
    {
        var schedule = CronSchedule.Parse("0 0 29 2 *");
        var t = T("2000-01-01T00:00:00Z");
        var years = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            t = schedule.Next(t);
            years.Add(t.Year);
        }
        Assert.Equal([2000, 2004, 2008, 2012, 2016, 2020], years);
    }

    [Fact]
    public void Field_search_agrees_with_a_minute_by_minute_scan()
    {
        string[] expressions =
        [
            "*/7 */5 * * *", "0 0 1,15 * MON", "30 4 */3 * 1-5", "0 0 31 * 0", "15 10 * 1,2,11 *", "0 0 1,20 */2 *",
            "59 23 * * 6,0", "0 12 1,15 * *", "5-10/2 3 * * *", "0 0 13 * FRI",
        ];
        var start = T("2023-11-27T05:13:00Z");
        foreach (var expression in expressions)
        {
            var schedule = CronSchedule.Parse(expression);
            var fields = ParseForScan(expression);
            var t = start;
            for (var run = 0; run < 25; run++)
            {
                var expected = t.AddMinutes(1);
                while (!fields(expected))
                    expected = expected.AddMinutes(1);
                var actual = schedule.Next(t);
                Assert.True(expected == actual, $"{expression} after {t:O}: expected {expected:O}, got {actual:O}");
                t = actual;
            }
        }
    }

    /// <summary>An independent, naive matcher for 5-field expressions without names (for the scan test).</summary>
    private static Func<DateTimeOffset, bool> ParseForScan(string expression)
    {
        var parts = expression.Split(' ');
        static HashSet<int> Set(string field, int min, int max)
        {
            var set = new HashSet<int>();
            foreach (var item in field.Split(','))
            {
                var pieces = item.Split('/');
                var step = pieces.Length == 2 ? int.Parse(pieces[1], CultureInfo.InvariantCulture) : 1;
                int lo, hi;
                if (pieces[0] == "*") { lo = min; hi = max; }
                else if (pieces[0].Contains('-', StringComparison.Ordinal))
                {
                    var r = pieces[0].Split('-');
                    lo = int.Parse(r[0], CultureInfo.InvariantCulture);
                    hi = int.Parse(r[1], CultureInfo.InvariantCulture);
                }
                else
                {
                    lo = int.Parse(pieces[0].Replace("MON", "1", StringComparison.Ordinal).Replace("FRI", "5", StringComparison.Ordinal), CultureInfo.InvariantCulture);
                    hi = pieces.Length == 2 ? max : lo;
                }
                for (var v = lo; v <= hi; v += step)
                    set.Add(v % (max == 6 ? 7 : int.MaxValue));
            }
            return set;
        }
        var minutes = Set(parts[0], 0, 59);
        var hours = Set(parts[1], 0, 23);
        var doms = Set(parts[2], 1, 31);
        var months = Set(parts[3], 1, 12);
        var dows = Set(parts[4], 0, 6);
        var domStar = parts[2].StartsWith('*');
        var dowStar = parts[4].StartsWith('*');
        return t =>
        {
            if (!minutes.Contains(t.Minute) || !hours.Contains(t.Hour) || !months.Contains(t.Month))
                return false;
            var dom = doms.Contains(t.Day);
            var dow = dows.Contains((int)t.DayOfWeek);
            return domStar || dowStar ? dom && dow : dom || dow;
        };
    }

    [Theory]
    [InlineData("", "The cron expression is empty.")]
    [InlineData("   ", "The cron expression is empty.")]
    [InlineData("* * * *", "has 4")]
    [InlineData("* * * * * * *", "has 7")]
    [InlineData("61 * * * *", "minute field: 61 is out of range 0-59.")]
    [InlineData("* 24 * * *", "hour field: 24 is out of range 0-23.")]
    [InlineData("* * 0 * *", "day-of-month field: 0 is out of range 1-31.")]
    [InlineData("* * 32 * *", "day-of-month field: 32 is out of range 1-31.")]
    [InlineData("* * * 13 *", "month field: 13 is out of range 1-12.")]
    [InlineData("* * * 0 *", "month field: 0 is out of range 1-12.")]
    [InlineData("* * * * 8", "day-of-week field: 8 is out of range 0-7.")]
    [InlineData("60 * * * * *", "second field: 60 is out of range 0-59.")]
    [InlineData("99999999999 * * * *", "minute field: 99999999999 is out of range 0-59.")]
    [InlineData("*/0 * * * *", "minute field: step 0 in \"*/0\" is not allowed.")]
    [InlineData("*/x * * * *", "minute field: step \"x\" in \"*/x\" is not a number.")]
    [InlineData("*/-1 * * * *", "minute field: step \"-1\" in \"*/-1\" is not a number.")]
    [InlineData("/5 * * * *", "minute field: \"/5\" has a step but no range before it.")]
    [InlineData("30-10 * * * *", "minute field: range \"30-10\" goes backwards (30 is after 10).")]
    [InlineData("* * * * FRI-MON", "day-of-week field: range \"FRI-MON\" goes backwards (5 is after 1).")]
    [InlineData("1- * * * *", "minute field: \"1-\" has an empty range bound.")]
    [InlineData("-1 * * * *", "minute field: \"-1\" has an empty range bound.")]
    [InlineData("1-2-3 * * * *", "minute field: \"2-3\" is not a number.")]
    [InlineData("1a * * * *", "minute field: \"1a\" is not a number.")]
    [InlineData("a * * * *", "minute field: \"a\" is not a number.")]
    [InlineData("? * * * *", "minute field: \"?\" is not a number.")]
    [InlineData("1,,2 * * * *", "minute field: empty list item in \"1,,2\".")]
    [InlineData("1, * * * *", "minute field: empty list item in \"1,\".")]
    [InlineData("* * * FOO *", "month field: unknown name \"FOO\"; expected JAN, FEB")]
    [InlineData("* * * * MONDAY", "day-of-week field: unknown name \"MONDAY\"; expected SUN, MON")]
    [InlineData("* JAN * * *", "hour field: \"JAN\" is not a number.")]
    [InlineData("0 0 L * *", "day-of-month field: \"L\" (Quartz syntax) is not supported.")]
    [InlineData("0 0 15W * *", "day-of-month field: \"15W\" is not a number.")]
    [InlineData("0 0 * * 5L", "day-of-week field: \"5L\" is not a number.")]
    [InlineData("0 0 * * MON#2", "day-of-week field: unknown name \"MON#2\"")]
    [InlineData("* * * * 7/2", "day-of-week field: \"7/2\" selects no value (the range starts after the field's maximum 6).")]
    [InlineData("@every 5m", "Unknown cron macro \"@every 5m\"; expected one of @yearly")]
    [InlineData("@daily 0", "Unknown cron macro \"@daily 0\"")]
    [InlineData("@often", "Unknown cron macro \"@often\"")]
    [InlineData("0 0 30 2 *", "day-of-month field: no listed day exists in February; the expression would never run.")]
    [InlineData("0 0 31 4,6,9,11 *", "day-of-month field: no listed day exists in April, June, September, November;")]
    [InlineData("0 0 30,31 FEB */2", "day-of-month field: no listed day exists in February;")]
    public void Parse_errors_name_the_field_and_the_problem(string expression, string expected)
    {
        Assert.False(CronSchedule.TryParse(expression, null, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        var e = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));
        Assert.Equal(error, e.Message);
    }

    [Fact]
    public void Null_expression_is_an_error_not_a_crash()
    {
        Assert.False(CronSchedule.TryParse(null, null, out _, out var error));
        Assert.Equal("The cron expression is empty.", error);
    }

    [Fact]
    public void Fixed_time_classification()
    {
        Assert.True(CronSchedule.Parse("30 2 * * *").IsFixedTime);
        Assert.True(CronSchedule.Parse("0 0,12 * * *").IsFixedTime);
        Assert.True(CronSchedule.Parse("@daily").IsFixedTime);
        Assert.False(CronSchedule.Parse("*/15 2 * * *").IsFixedTime);
        Assert.False(CronSchedule.Parse("0 * * * *").IsFixedTime);
        Assert.False(CronSchedule.Parse("@hourly").IsFixedTime);
        Assert.False(CronSchedule.Parse("* 30 2 * * *").IsFixedTime);
    }

    [Fact]
    public void ToString_shows_the_expression_and_zone()
    {
        Assert.Equal("0 0 * * *", CronSchedule.Parse(" 0 0 * * * ").ToString());
        Assert.Equal("0 0 * * * (Europe/Berlin)", CronSchedule.Parse("0 0 * * *", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString());
    }
}
