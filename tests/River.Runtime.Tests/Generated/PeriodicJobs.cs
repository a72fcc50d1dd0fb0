namespace River.Runtime.Tests.Generated;

/// <summary>An interval schedule that fires on start; its args are built with the record's defaults.</summary>
[JobArgs("test.periodic_interval", Queue = "periodic")]
[PeriodicJob("@every 90s", RunOnStart = true)]
public sealed record IntervalTick(int Round = 7);

/// <summary>A cron schedule in a time zone, under an id of its own, catching up every missed firing (up to 5).</summary>
[JobArgs("test.periodic_cron")]
[PeriodicJob("30 2 * * 1-5", Id = "test.weekday_report", TimeZone = "Europe/Berlin", Misfire = MisfirePolicy.RunAll, MaxMisfireRuns = 5)]
public sealed class WeekdayReport
{
    public string Format { get; set; } = "pdf";
}
