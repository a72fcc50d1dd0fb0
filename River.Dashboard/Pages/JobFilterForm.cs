using System.Globalization;
using Microsoft.AspNetCore.Http;
using River.Database.Queries;

namespace River.Dashboard.Pages;

/// <summary>
/// The jobs page's filter, read from a query string or a form: <c>state</c>, <c>priority</c> (repeatable),
/// <c>kind</c>, <c>queue</c>, <c>tag</c>, <c>id</c>, <c>client</c> (the latest attempt's client) (comma-separated lists),
/// <c>from</c>/<c>to</c> (created time, UTC),
/// <c>args</c>/<c>metadata</c> (JSON containment), <c>order</c>, <c>dir</c>, <c>after</c> (cursor). With a created-time
/// range, id order becomes created order (see <see cref="Read(Func{string, IReadOnlyList{string}})"/>).
/// </summary>
internal sealed class JobFilterForm
{
    /// <summary>The filter's field names, in the order the form shows them (also what a filter-wide action carries).</summary>
    public static readonly string[] Fields = ["state", "kind", "queue", "priority", "tag", "id", "client", "from", "to", "args", "metadata", "order", "dir"];

    public List<string> Errors { get; } = [];

    public IReadOnlyList<JobState> States { get; private set; } = [];
    public IReadOnlyList<int> Priorities { get; private set; } = [];
    public string Kind { get; private set; } = "";
    public string Queue { get; private set; } = "";
    public string Tag { get; private set; } = "";
    public string Id { get; private set; } = "";
    /// <summary>Client ids: jobs whose latest attempt is theirs (the clients page links here with <c>state=running</c>).</summary>
    public string ClientId { get; private set; } = "";
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public string Args { get; private set; } = "";
    public string Metadata { get; private set; } = "";
    public JobListOrder Order { get; private set; } = JobListOrder.Id;
    public SortDirection Direction { get; private set; } = SortDirection.Descending;
    public string? After { get; private set; }

    public static JobFilterForm Read(Func<string, IReadOnlyList<string>> values)
    {
        var form = new JobFilterForm();
        string One(string name) => values(name).LastOrDefault()?.Trim() ?? "";
        var states = new List<JobState>();
        foreach (var raw in values("state").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            try
            {
                states.Add(JobStateNames.Parse(raw));
            }
            catch (FormatException)
            {
                form.Errors.Add($"state: '{raw}' is not a job state (one of {string.Join(", ", Enum.GetValues<JobState>().Select(JobStateNames.ToDb))}).");
            }
        }
        form.States = states.Distinct().ToList();
        var priorities = new List<int>();
        foreach (var raw in values("priority").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 4)
            {
                priorities.Add(p);
            }
            else
            {
                form.Errors.Add($"priority: '{raw}' is not a priority (1 to 4).");
            }
        }
        form.Priorities = priorities.Distinct().ToList();
        form.Kind = One("kind");
        form.Queue = One("queue");
        form.Tag = One("tag");
        form.Id = One("id");
        form.ClientId = One("client");
        form.From = One("from");
        form.To = One("to");
        form.Args = One("args");
        form.Metadata = One("metadata");
        form.Order = One("order") switch
        {
            "" or "id" => JobListOrder.Id,
            "created" => JobListOrder.CreatedAt,
            "scheduled" => JobListOrder.ScheduledAt,
            "finalized" => JobListOrder.FinalizedAt,
            var other => form.Error<JobListOrder>($"order: '{other}' is not an order (id, created, scheduled, finalized)."),
        };
        form.Direction = One("dir") switch
        {
            "" or "desc" => SortDirection.Descending,
            "asc" => SortDirection.Ascending,
            var other => form.Error<SortDirection>($"dir: '{other}' is not a direction (asc, desc)."),
        };
        if (form.Order == JobListOrder.Id && (form.From.Length > 0 || form.To.Length > 0))
        {
            // A created-time range is listed in created order: the index on (created_at, id) of migration line typed
            // reads just the page, where id order would scan every job created after the range (ids follow creation).
            form.Order = JobListOrder.CreatedAt;
        }
        form.After = One("after") is { Length: > 0 } after ? after : null;
        return form;
    }

    public static JobFilterForm Read(IQueryCollection query) => Read(name => query[name].Where(v => v is not null).Select(v => v!).ToList());

    public static JobFilterForm Read(IFormCollection form) => Read(name => form[name].Where(v => v is not null).Select(v => v!).ToList());

    private T Error<T>(string message) where T : struct
    {
        Errors.Add(message);
        return default;
    }

    /// <summary>The list options of this filter (check <see cref="Errors"/> first), a page of <paramref name="limit"/> after <paramref name="after"/>.</summary>
    public JobListOptions ToListOptions(int limit, string? after, JobListOrder? order = null, SortDirection? direction = null) => new()
    {
        States = States.Count > 0 ? States : null,
        Priorities = Priorities.Count > 0 ? Priorities : null,
        Kinds = List(Kind),
        Queues = List(Queue),
        TagsAll = List(Tag),
        Ids = Ids(),
        AttemptedBy = List(ClientId),
        CreatedAfter = Time("from", From),
        CreatedBefore = Time("to", To),
        ArgsContains = Args.Length > 0 ? Args : null,
        MetadataContains = Metadata.Length > 0 ? Metadata : null,
        OrderBy = order ?? Order,
        Direction = direction ?? Direction,
        Limit = limit,
        After = after,
    };

    private static List<string>? List(string value) =>
        value.Length == 0 ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private List<long>? Ids()
    {
        if (Id.Length == 0)
        {
            return null;
        }
        var ids = new List<long>();
        foreach (var raw in Id.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
            else
            {
                Errors.Add($"id: '{raw}' is not a job id (digits only; separate several with commas).");
            }
        }
        return ids;
    }

    private DateTimeOffset? Time(string name, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }
        Errors.Add($"{name}: '{value}' is not a time (e.g. 2026-01-31T13:45, read as UTC).");
        return null;
    }

    /// <summary>The query string of this filter (without the cursor), for links that keep it.</summary>
    public string Query(string? after = null)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        pairs.AddRange(States.Select(s => new KeyValuePair<string, string?>("state", JobStateNames.ToDb(s))));
        pairs.AddRange(Priorities.Select(p => new KeyValuePair<string, string?>("priority", p.ToString(CultureInfo.InvariantCulture))));
        foreach (var (name, value) in new[] { ("kind", Kind), ("queue", Queue), ("tag", Tag), ("id", Id), ("client", ClientId), ("from", From), ("to", To), ("args", Args), ("metadata", Metadata) })
        {
            if (value.Length > 0)
            {
                pairs.Add(new(name, value));
            }
        }
        if (Order != JobListOrder.Id)
        {
            pairs.Add(new("order", OrderName(Order)));
        }
        if (Direction != SortDirection.Descending)
        {
            pairs.Add(new("dir", "asc"));
        }
        if (after is not null)
        {
            pairs.Add(new("after", after));
        }
        return QueryString.Create(pairs).ToString();
    }

    public static string OrderName(JobListOrder order) => order switch
    {
        JobListOrder.CreatedAt => "created",
        JobListOrder.ScheduledAt => "scheduled",
        JobListOrder.FinalizedAt => "finalized",
        _ => "id",
    };
}
