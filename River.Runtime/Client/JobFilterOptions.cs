namespace River;

/// <summary>
/// Filters shared by <see cref="JobListOptions"/> and <see cref="JobDeleteManyOptions"/>. A job matches when it
/// passes every filter that is set; a filter left <see langword="null"/> does not filter. Lists are sets: an empty
/// list matches no job (except <see cref="TagsAll"/>, where "all of no tags" holds for every job).
/// </summary>
public abstract class JobFilterOptions
{
    private protected JobFilterOptions() { }

    /// <summary>Only these job ids.</summary>
    public IReadOnlyList<long>? Ids { get; init; }

    /// <summary>Only these kinds.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    /// <summary>Only these queues.</summary>
    public IReadOnlyList<string>? Queues { get; init; }

    /// <summary>Only these states.</summary>
    public IReadOnlyList<JobState>? States { get; init; }

    /// <summary>Only these priorities (each 1 to 4).</summary>
    public IReadOnlyList<int>? Priorities { get; init; }

    /// <summary>Only jobs carrying every one of these tags.</summary>
    public IReadOnlyList<string>? TagsAll { get; init; }

    /// <summary>Only jobs carrying at least one of these tags.</summary>
    public IReadOnlyList<string>? TagsAny { get; init; }

    /// <summary>
    /// Only jobs whose metadata contains this JSON object (PostgreSQL's <c>@&gt;</c> containment: every key given,
    /// with the value given, nested objects compared the same way), e.g. <c>{"tenant":"acme"}</c>.
    /// </summary>
    public string? MetadataContains { get; init; }

    /// <summary>
    /// Only jobs whose args contain this JSON object (PostgreSQL's <c>@&gt;</c> containment, answered by the GIN index
    /// <c>river_job_args_index</c>), e.g. <c>{"account_id":42}</c>.
    /// </summary>
    public string? ArgsContains { get; init; }

    /// <summary>
    /// Only jobs whose latest attempt was made by one of these clients: the last element of <c>attempted_by</c>, the
    /// <see cref="RiverClientOptions.ClientId"/> that <see cref="RiverClientInfo.Id"/> lists. A job never attempted
    /// matches none. No index serves this filter alone (River's schema has none on <c>attempted_by</c>): combine it with
    /// <see cref="States"/> = running (what a client is running now; the state indexes read only the running rows), or
    /// expect a page to read the table in the list's order until it is full.
    /// </summary>
    public IReadOnlyList<string>? AttemptedBy { get; init; }

    /// <summary>Only jobs created at or after this instant.</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Only jobs created before this instant (exclusive).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Whether no filter is set.</summary>
    public bool IsEmptyFilter =>
        Ids is null && Kinds is null && Queues is null && States is null && Priorities is null &&
        TagsAll is null && TagsAny is null && MetadataContains is null && ArgsContains is null &&
        AttemptedBy is null && CreatedAfter is null && CreatedBefore is null;

    /// <summary>Throws when a filter value is malformed; the message names the filter and the value.</summary>
    internal void ValidateFilters(string paramName)
    {
        CheckElements(Kinds, nameof(Kinds), paramName);
        CheckElements(Queues, nameof(Queues), paramName);
        CheckElements(TagsAll, nameof(TagsAll), paramName);
        CheckElements(TagsAny, nameof(TagsAny), paramName);
        CheckElements(AttemptedBy, nameof(AttemptedBy), paramName);
        if (States is not null)
        {
            foreach (var state in States)
            {
                if (!Enum.IsDefined(state))
                {
                    throw new ArgumentException($"States contains {(int)state}, which is not a JobState.", paramName);
                }
            }
        }
        if (Priorities is not null)
        {
            foreach (var priority in Priorities)
            {
                if (priority is < 1 or > 4)
                {
                    throw new ArgumentException($"Priorities contains {priority}; priorities are 1 to 4.", paramName);
                }
            }
        }
        CheckJsonObject(MetadataContains, nameof(MetadataContains), paramName);
        CheckJsonObject(ArgsContains, nameof(ArgsContains), paramName);
    }

    private static void CheckJsonObject(string? json, string name, string paramName)
    {
        if (json is null)
        {
            return;
        }
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new ArgumentException($"{name} must be a JSON object, got a {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}.", paramName);
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"{name} is not valid JSON: {e.Message}", paramName, e);
        }
    }

    private static void CheckElements(IReadOnlyList<string>? values, string name, string paramName)
    {
        if (values is null)
        {
            return;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                throw new ArgumentException($"{name}[{i}] is null.", paramName);
            }
        }
    }
}
