namespace River;

/// <summary>
/// What the leader does with firings of a periodic job that were due while nobody enqueued them (every client down,
/// a leader change, a suspended process): Quartz's misfire instructions, for River's schedules.
/// </summary>
/// <remarks>
/// <para>A firing is <em>missed</em> when the leader reaches it more than <see cref="PeriodicJob.MisfireThreshold"/>
/// after its planned time. Every enqueued firing keeps its planned time as <c>scheduled_at</c>, so a late run is
/// visible as such. After a leader change or a restart, firings older than
/// <see cref="MaintenanceOptions.PeriodicCatchUpWindow"/> (default 1 hour) are never caught up, whatever the
/// policy; the schedule continues with its next time after now.</para>
/// <para>Whatever the policy, at most 10,000 schedule steps are taken to find the missed firings, so a tiny interval
/// after a long downtime costs bounded work.</para>
/// </remarks>
public enum MisfirePolicy
{
    /// <summary>The default: the newest missed firing is enqueued once, late; the older ones are dropped.</summary>
    RunOnce = 0,

    /// <summary>
    /// Every missed firing is enqueued, oldest first, each with its own planned time, up to
    /// <see cref="PeriodicJob.MaxMisfireRuns"/> (the newest ones are kept); for jobs whose runs each stand for a
    /// period, e.g. an hourly aggregation.
    /// </summary>
    RunAll = 1,

    /// <summary>Missed firings are dropped: the job next runs at its next time after now.</summary>
    Skip = 2,
}
