namespace River;

/// <summary>
/// The state of a job row. Mirrors PostgreSQL's <c>river_job_state</c> enum; the numeric values are
/// the enum's declaration order in the database and must not change.
/// </summary>
public enum JobState
{
    /// <summary>Ready to be fetched and worked.</summary>
    Available = 0,
    /// <summary>Finalized: cancelled by a worker or through the API; never retried.</summary>
    Cancelled = 1,
    /// <summary>Finalized: worked successfully.</summary>
    Completed = 2,
    /// <summary>Finalized: failed and out of attempts (or rejected, e.g. a unique conflict).</summary>
    Discarded = 3,
    /// <summary>Inserted but held back until something moves it to available.</summary>
    Pending = 4,
    /// <summary>Failed at least once; waits for its next retry time.</summary>
    Retryable = 5,
    /// <summary>Fetched by a client and being worked.</summary>
    Running = 6,
    /// <summary>Waits for its scheduled time.</summary>
    Scheduled = 7,
}
