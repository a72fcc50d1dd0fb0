using River.Database.Queries;

namespace River.Dashboard.Rendering;

/// <summary>How states look: a coloured badge per state, in River's order.</summary>
internal static class Badges
{
    /// <summary>The states in the order a reader follows a job: waiting, working, finished.</summary>
    public static readonly JobState[] DisplayOrder =
    [
        JobState.Pending, JobState.Scheduled, JobState.Available, JobState.Running, JobState.Retryable,
        JobState.Completed, JobState.Cancelled, JobState.Discarded,
    ];

    public static string Name(JobState state) => JobStateNames.ToDb(state);

    public static Html State(this Html html, JobState state) =>
        html.Raw("<span class=\"badge s-").Raw(Name(state)).Raw("\">").Raw(Name(state)).Raw("</span>");
}
