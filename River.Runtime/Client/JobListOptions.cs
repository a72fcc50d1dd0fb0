namespace River;

/// <summary>
/// What <see cref="RiverClient.ListJobsAsync(JobListOptions, CancellationToken)"/> returns: filters (see
/// <see cref="JobFilterOptions"/>), an order, a page size and where to continue from.
/// </summary>
/// <remarks>
/// Pages are cut by keyset, never by offset: <see cref="After"/> is the <see cref="JobListResult.NextCursor"/> of the
/// previous page and carries the last row's sort key and id, and the next page starts strictly after them. Every
/// job that exists when the listing starts and keeps its sort key is therefore returned exactly once, whatever is
/// inserted or deleted meanwhile (a job inserted meanwhile shows up only if it sorts after the cursor). A job whose
/// sort key changes while the listing runs can be returned twice or not at all: ids and created times never change,
/// finalized times are set once, but retries and snoozes move a job's scheduled time.
/// </remarks>
public sealed class JobListOptions : JobFilterOptions
{
    /// <summary>The page size when none is given: 100.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size: 10,000.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>The sort key (default: id).</summary>
    public JobListOrder OrderBy { get; init; } = JobListOrder.Id;

    /// <summary>The direction (default: ascending).</summary>
    public SortDirection Direction { get; init; } = SortDirection.Ascending;

    /// <summary>How many jobs per page, 1 to <see cref="MaxLimit"/> (default <see cref="DefaultLimit"/>).</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>
    /// Continue after this cursor (a <see cref="JobListResult.NextCursor"/> of a list with the same
    /// <see cref="OrderBy"/>); <see langword="null"/> starts from the beginning.
    /// </summary>
    public string? After { get; init; }

    internal void Validate()
    {
        if (!Enum.IsDefined(OrderBy))
        {
            throw new ArgumentException($"OrderBy is {(int)OrderBy}, which is not a JobListOrder.", "parameters");
        }
        if (!Enum.IsDefined(Direction))
        {
            throw new ArgumentException($"Direction is {(int)Direction}, which is not a SortDirection.", "parameters");
        }
        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException($"Limit must be between 1 and {MaxLimit}, got {Limit}.", "parameters");
        }
        ValidateFilters("parameters");
    }
}
