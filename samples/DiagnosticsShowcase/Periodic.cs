// Periodic jobs: RIVER0023 invalid schedule, RIVER0024 interval below one second, RIVER0025 time zone unknown on the
// build machine (a warning), RIVER0026 [PeriodicJob] without [JobArgs], RIVER0027 not creatable with new T(),
// RIVER0028 invalid id, RIVER0029 one id for two periodic jobs.
#pragma warning disable RIVER0020 // these kinds are worked by another service
namespace DiagnosticsShowcase.Periodic;

[JobArgs("periodic.bad_cron"), PeriodicJob(/*!RIVER0023*/"0 25 * * *")]
public sealed record BadCron;

[JobArgs("periodic.too_often"), PeriodicJob(/*!RIVER0024*/"@every 250ms")]
public sealed record TooOften;

[JobArgs("periodic.mars"), PeriodicJob("0 3 * * *", TimeZone = /*!RIVER0025*/"Mars/Olympus_Mons")]
public sealed record MarsTime;

[/*!RIVER0026*/PeriodicJob("@hourly")]
public sealed record NotArgs;

[JobArgs("periodic.needs_args"), PeriodicJob("@daily")]
public sealed record /*!RIVER0027*/NeedsArgs(string Format);

[JobArgs("periodic.bad_id"), PeriodicJob("@daily", Id = /*!RIVER0028*/"nightly report")]
public sealed record BadId;

[JobArgs("periodic.nightly"), /*!RIVER0029*/PeriodicJob("0 3 * * *")]
public sealed record Nightly;

[JobArgs("periodic.weekly"), PeriodicJob("0 3 * * 1", Id = /*!RIVER0029*/"periodic.nightly")]
public sealed record Weekly;

// RIVER0051: an interval ignores its time zone.
[JobArgs("periodic.hourly"), PeriodicJob("@every 1h", TimeZone = /*!RIVER0051*/"UTC")]
public sealed record HourlyTick;
