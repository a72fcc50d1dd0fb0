namespace River.Database.Queries;

/// <summary>Maps <see cref="JobState"/> to the labels of PostgreSQL's <c>river_job_state</c> enum and back.</summary>
internal static class JobStateNames
{
    public static string ToDb(JobState state) => state switch
    {
        JobState.Available => "available",
        JobState.Cancelled => "cancelled",
        JobState.Completed => "completed",
        JobState.Discarded => "discarded",
        JobState.Pending => "pending",
        JobState.Retryable => "retryable",
        JobState.Running => "running",
        JobState.Scheduled => "scheduled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown job state."),
    };

    public static JobState Parse(string label) => label switch
    {
        "available" => JobState.Available,
        "cancelled" => JobState.Cancelled,
        "completed" => JobState.Completed,
        "discarded" => JobState.Discarded,
        "pending" => JobState.Pending,
        "retryable" => JobState.Retryable,
        "running" => JobState.Running,
        "scheduled" => JobState.Scheduled,
        _ => throw new FormatException($"Unknown river_job_state label '{label}'."),
    };
}
