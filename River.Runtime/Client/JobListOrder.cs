namespace River;

/// <summary>What <see cref="RiverClient.ListJobsAsync(JobListOptions, CancellationToken)"/> orders by; ties are broken by id.</summary>
public enum JobListOrder
{
    /// <summary>By id (insertion order).</summary>
    Id = 0,
    /// <summary>By <c>created_at</c>.</summary>
    CreatedAt = 1,
    /// <summary>By <c>scheduled_at</c>.</summary>
    ScheduledAt = 2,
    /// <summary>By <c>finalized_at</c>; only finalized jobs (cancelled, completed, discarded) are listed.</summary>
    FinalizedAt = 3,
}

/// <summary>The direction of a list.</summary>
public enum SortDirection
{
    /// <summary>Smallest first.</summary>
    Ascending = 0,
    /// <summary>Largest first.</summary>
    Descending = 1,
}
