namespace River.Periodic;

/// <summary>
/// Which due firings of one periodic job the leader enqueues, per its <see cref="MisfirePolicy"/>. Pure: the
/// enqueuer calls it with the job's first due planned time and its clock.
/// </summary>
internal static class MisfirePlan
{
    /// <summary>
    /// The planned times to enqueue (ascending, possibly none), the newest due planned time, after which the
    /// schedule continues, and how many firings were due (the ones not enqueued are dropped by the policy or the window).
    /// </summary>
    /// <param name="next">The schedule's next planned time after a given one, or <see langword="null"/> when it has none (or failed).</param>
    /// <param name="firstDue">The oldest planned time not yet enqueued; at or before <paramref name="now"/>.</param>
    /// <param name="now">The leader's clock.</param>
    /// <param name="policy">The schedule's misfire policy.</param>
    /// <param name="maxMisfireRuns">With <see cref="MisfirePolicy.RunAll"/>, the most runs kept.</param>
    /// <param name="oldestAllowed">
    /// Firings planned before this are never caught up (the catch-up window after a leader change or restart), or
    /// <see langword="null"/> for no limit (a leader that was running all along and is just late).
    /// </param>
    /// <param name="maxSteps">The bound on schedule steps (linear work whatever the downtime).</param>
    public static (List<DateTimeOffset> Enqueue, DateTimeOffset Newest, int Due) Plan(Func<DateTimeOffset, DateTimeOffset?> next,
        DateTimeOffset firstDue, DateTimeOffset now, MisfirePolicy policy, int maxMisfireRuns, DateTimeOffset? oldestAllowed, int maxSteps)
    {
        var keep = policy == MisfirePolicy.RunAll ? maxMisfireRuns : 1;
        var due = new Queue<DateTimeOffset>(Math.Min(keep, 16));
        due.Enqueue(firstDue);
        var newest = firstDue;
        var count = 1;
        for (var i = 0; i < maxSteps; i++)
        {
            if (next(newest) is not { } n || n > now)
            {
                break;
            }
            newest = n;
            count++;
            if (due.Count == keep)
            {
                due.Dequeue();
            }
            due.Enqueue(n);
        }

        var enqueue = new List<DateTimeOffset>(due.Count);
        if (policy == MisfirePolicy.Skip && now - newest > PeriodicJob.MisfireThreshold)
        {
            return (enqueue, newest, count);
        }
        foreach (var planned in due)
        {
            if (oldestAllowed is not { } floor || planned >= floor)
            {
                enqueue.Add(planned);
            }
        }
        return (enqueue, newest, count);
    }
}
