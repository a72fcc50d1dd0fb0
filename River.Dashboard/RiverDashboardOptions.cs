namespace River.Dashboard;

/// <summary>Options of a dashboard mounted by <see cref="RiverDashboardEndpointRouteBuilderExtensions.MapRiverDashboard"/>.</summary>
public sealed class RiverDashboardOptions
{
    /// <summary>The rows per page of the jobs list when none is asked for: 50.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>How many jobs one step of a filter-wide action changes: 200 (the page shows progress after each step).</summary>
    public const int DefaultBatchSize = 200;

    /// <summary>
    /// How many rows a state's count reads before it switches to the planner's estimate: 10,000. Counts below it are
    /// exact; above it the overview shows the estimate from <c>pg_stats</c> and <c>pg_class.reltuples</c>.
    /// </summary>
    public const int DefaultExactCountLimit = 10_000;

    /// <summary>How often open pages refresh their live parts when none is given: 3 seconds.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The client whose database the dashboard shows and acts on. <see langword="null"/> (the default): the
    /// <see cref="RiverClient"/> registered in the app's services (<c>AddRiver</c>). The client need not be started.
    /// </summary>
    public RiverClient? Client { get; set; }

    /// <summary>
    /// Hides every action (retry, cancel and delete jobs; pause and resume queues; pause, resume, trigger and delete
    /// schedules) and refuses their requests with 403 Forbidden.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>The title in the page header (default "River").</summary>
    public string Title { get; set; } = "River";

    /// <summary>Rows per page of the jobs list, 1 to 1,000 (default <see cref="DefaultPageSize"/>).</summary>
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>Jobs changed per step of a filter-wide action, 1 to 10,000 (default <see cref="DefaultBatchSize"/>).</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Rows a state's count reads before it is estimated instead, 100 to 1,000,000 (default <see cref="DefaultExactCountLimit"/>).</summary>
    public int ExactCountLimit { get; set; } = DefaultExactCountLimit;

    /// <summary>How often pages refresh their live parts (0.5 s to 1 h; default <see cref="DefaultRefreshInterval"/>).</summary>
    public TimeSpan RefreshInterval { get; set; } = DefaultRefreshInterval;

    /// <summary>Throws when an option is out of range; the message names the option and its range.</summary>
    internal void Validate()
    {
        var problems = new List<string>();
        if (PageSize is < 1 or > 1_000)
        {
            problems.Add($"PageSize must be between 1 and 1,000, got {PageSize}.");
        }
        if (BatchSize is < 1 or > 10_000)
        {
            problems.Add($"BatchSize must be between 1 and 10,000, got {BatchSize}.");
        }
        if (ExactCountLimit is < 100 or > 1_000_000)
        {
            problems.Add($"ExactCountLimit must be between 100 and 1,000,000, got {ExactCountLimit}.");
        }
        if (RefreshInterval < TimeSpan.FromMilliseconds(500) || RefreshInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"RefreshInterval must be between 0.5 s and 1 h, got {RefreshInterval}.");
        }
        if (string.IsNullOrWhiteSpace(Title))
        {
            problems.Add("Title must not be empty.");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid RiverDashboardOptions: " + string.Join(" ", problems));
        }
    }
}
