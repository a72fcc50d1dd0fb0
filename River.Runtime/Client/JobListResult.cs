namespace River;

/// <summary>One page of <see cref="RiverClient.ListJobsAsync(JobListOptions, CancellationToken)"/>.</summary>
public sealed class JobListResult
{
    internal JobListResult(IReadOnlyList<JobRow> jobs, string? nextCursor)
    {
        Jobs = jobs;
        NextCursor = nextCursor;
    }

    /// <summary>The jobs of this page, in the list's order.</summary>
    public IReadOnlyList<JobRow> Jobs { get; }

    /// <summary>
    /// Pass as <see cref="JobListOptions.After"/> for the next page; <see langword="null"/> when no job followed this
    /// page when it was read (a later call may still find newly inserted ones: use <see cref="CursorAfter"/> on the
    /// last job to keep following).
    /// </summary>
    public string? NextCursor { get; }

    /// <summary>The cursor that continues a list ordered by <paramref name="order"/> right after <paramref name="job"/>.</summary>
    /// <exception cref="ArgumentException">The order is by finalized time and the job is not finalized.</exception>
    public static string CursorAfter(JobRow job, JobListOrder order)
    {
        ArgumentNullException.ThrowIfNull(job);
        return JobListCursor.Encode(job, order);
    }
}
