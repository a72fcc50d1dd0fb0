namespace River;

/// <summary>What a <see cref="PeriodicJob"/>'s constructor knows about the firing it builds.</summary>
public sealed class PeriodicJobContext
{
    internal PeriodicJobContext(string periodicJobId, DateTimeOffset plannedAt, DateTimeOffset now)
    {
        PeriodicJobId = periodicJobId;
        PlannedAt = plannedAt;
        Now = now;
    }

    /// <summary>The periodic job's id.</summary>
    public string PeriodicJobId { get; }

    /// <summary>The time this firing was planned for (the inserted job's <c>scheduled_at</c>).</summary>
    public DateTimeOffset PlannedAt { get; }

    /// <summary>The leader's clock when the firing is enqueued (at or after <see cref="PlannedAt"/>).</summary>
    public DateTimeOffset Now { get; }
}
