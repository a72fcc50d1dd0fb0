namespace River;

/// <summary>
/// Declares that the leader inserts this args type on a schedule. The source generator registers one
/// <see cref="PeriodicJob"/> per annotated type (so every node of a cluster agrees on the set), inserting the
/// type's default instance (<c>new T()</c>: a parameterless constructor or all-default record) with its
/// <see cref="JobArgsAttribute"/> options. <c>AddRiverJobsFromThisAssembly()</c> registers them through
/// <see cref="IRiverBuilder.AddPeriodicJob"/>; without DI, <c>options.PeriodicJobs.AddPeriodicJobsFromThisAssembly()</c>
/// or the registry's <c>CreatePeriodicJobs()</c>. The schedule, time zone and id are checked at registration
/// (<see cref="PeriodicJob.FromAttribute"/>), never by the generator. A type <c>new T()</c> cannot build is not
/// registered.
/// </summary>
/// <example><code>
/// [JobArgs("reports.nightly")]
/// [PeriodicJob("0 3 * * *", TimeZone = "Europe/Berlin")]
/// public sealed record NightlyReport;
///
/// [JobArgs("cache.warm")]
/// [PeriodicJob("@every 15m", RunOnStart = true)]
/// public sealed record WarmCache;
/// </code></example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class PeriodicJobAttribute : Attribute
{
    /// <summary>Declares the schedule (read with <see cref="PeriodicSchedules.Parse"/>).</summary>
    /// <param name="schedule">
    /// A cron expression (5 fields, or 6 with leading seconds; names, ranges, steps, lists; macros such as
    /// <c>@hourly</c>) or an interval written <c>@every &lt;duration&gt;</c> (e.g. <c>@every 90s</c>, <c>@every 1h30m</c>;
    /// at least one second).
    /// </param>
    public PeriodicJobAttribute(string schedule) => Schedule = schedule;

    /// <summary>The cron expression or <c>@every</c> interval.</summary>
    public string Schedule { get; }

    /// <summary>The periodic job id; default: the kind. Keep it stable across deploys.</summary>
    public string? Id { get; set; }

    /// <summary>Fire at once when the job has never fired (see <see cref="PeriodicJob.RunOnStart"/>).</summary>
    public bool RunOnStart { get; set; }

    /// <summary>The IANA or Windows time zone cron fields are read in; default UTC. Ignored for intervals.</summary>
    public string? TimeZone { get; set; }

    /// <summary>What happens to firings missed while nobody enqueued them (see <see cref="PeriodicJob.Misfire"/>); default <see cref="MisfirePolicy.RunOnce"/>.</summary>
    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.RunOnce;

    /// <summary>With <see cref="MisfirePolicy.RunAll"/>, the most missed firings enqueued at once (see <see cref="PeriodicJob.MaxMisfireRuns"/>).</summary>
    public int MaxMisfireRuns { get; set; } = PeriodicJob.DefaultMaxMisfireRuns;
}
