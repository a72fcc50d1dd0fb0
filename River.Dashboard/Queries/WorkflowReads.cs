using System.Text.Json;
using Npgsql;
using River.Database.Queries;

namespace River.Dashboard.Queries;

/// <summary>How many tasks of a workflow are in each state, as far as they were counted.</summary>
/// <param name="ByState">Tasks per state.</param>
/// <param name="Capped">Whether the count stopped at <see cref="WorkflowReads.StateCountLimit"/> (the counts are lower bounds).</param>
internal sealed record TaskStateCounts(IReadOnlyDictionary<JobState, long> ByState, bool Capped)
{
    public long Counted => ByState.Values.Sum();

    public long Failed => ByState.GetValueOrDefault(JobState.Discarded) + ByState.GetValueOrDefault(JobState.Cancelled);

    public static readonly TaskStateCounts None = new(new Dictionary<JobState, long>(), false);
}

/// <summary>One page of the workflows list and the task counts of each workflow on it.</summary>
internal sealed record WorkflowListData(WorkflowListResult Page, IReadOnlyDictionary<string, TaskStateCounts> States);

/// <summary>A task as the workflow page shows it; <paramref name="State"/> is null when the cleaner deleted its job.</summary>
internal sealed record TaskNode(long JobId, string Name, string OnFailure, string? Kind, JobState? State, int Attempt, int MaxAttempts, IReadOnlyList<string> DependsOn);

/// <summary>A dependency edge between two tasks' jobs, and whether the dependency has let the dependent go.</summary>
internal readonly record struct TaskEdge(long Dependency, long Dependent, bool Satisfied);

/// <summary>
/// What the workflow page shows: the workflow, its task counts, one page of its tasks by name (one more than the page
/// to know whether another follows) and, when the page holds every task and they are few, the edges between them.
/// </summary>
internal sealed record WorkflowDetail(WorkflowInfo Workflow, TaskStateCounts States, IReadOnlyList<TaskNode> Tasks, IReadOnlyList<TaskEdge>? Edges);

/// <summary>The workflow pages' reads. Each is bounded: one page of workflows or tasks, counts capped per workflow.</summary>
internal sealed class WorkflowReads(RiverClient client)
{
    /// <summary>Tasks per workflow counted at most for its progress: 10,000 (more show as "at least").</summary>
    public const int StateCountLimit = 10_000;

    /// <summary>The most tasks a workflow may have for its page to draw it as a graph: 250 (larger ones show the task table only).</summary>
    public const int GraphTaskLimit = 250;

    /// <summary>Tasks per page of a workflow's task table: 500, by name.</summary>
    public const int TaskPageSize = 500;

    private string Fill(string sql) => client.Sql.Fill(sql);

    /// <summary>One page of workflows with their task counts; <see langword="null"/> when migration line <c>typed</c> has no workflow tables yet.</summary>
    public async Task<WorkflowListData?> ListAsync(WorkflowListOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var page = await client.ListWorkflowsAsync(options, cancellationToken).ConfigureAwait(false);
            var ids = page.Workflows.Select(w => w.Id).ToArray();
            return new WorkflowListData(page, ids.Length == 0 ? new Dictionary<string, TaskStateCounts>() : await StatesAsync(ids, cancellationToken).ConfigureAwait(false));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    private async Task<Dictionary<string, TaskStateCounts>> StatesAsync(string[] ids, CancellationToken cancellationToken)
    {
        var counts = ids.ToDictionary(id => id, _ => new Dictionary<JobState, long>(), StringComparer.Ordinal);
        await using (var cmd = client.DataSource.CreateCommand(Fill(DashboardSql.WorkflowTaskStates)))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
            cmd.Parameters.Add(new NpgsqlParameter<int>("cap", StateCountLimit));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)][JobStateNames.Parse(reader.GetString(1))] = reader.GetInt64(2);
            }
        }
        return counts.ToDictionary(p => p.Key, p => new TaskStateCounts(p.Value, p.Value.Values.Sum() >= StateCountLimit), StringComparer.Ordinal);
    }

    /// <summary>
    /// A workflow with its task counts and one page of its tasks by name after <paramref name="after"/>; the edges when
    /// that page is the first, holds every task and they are at most <see cref="GraphTaskLimit"/>. Null when no
    /// workflow has the id (or line <c>typed</c> has no workflow tables).
    /// </summary>
    public async Task<WorkflowDetail?> DetailAsync(string id, string? after, CancellationToken cancellationToken)
    {
        WorkflowInfo workflow;
        try
        {
            await using var cmd = client.DataSource.CreateCommand(Fill(DashboardSql.Workflow));
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            workflow = new WorkflowInfo(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), []);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
        var states = StatesAsync([id], cancellationToken);
        var tasks = new List<TaskNode>();
        await using (var cmd = client.DataSource.CreateCommand(Fill(DashboardSql.WorkflowTasks)))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            cmd.Parameters.Add(new NpgsqlParameter<string?>("after", after));
            cmd.Parameters.Add(new NpgsqlParameter<int>("limit", TaskPageSize + 1));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var gone = reader.IsDBNull(4);
                tasks.Add(new TaskNode(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), gone ? null : reader.GetString(3),
                    gone ? null : JobStateNames.Parse(reader.GetString(4)), gone ? 0 : reader.GetInt16(5), gone ? 0 : reader.GetInt16(6),
                    reader.IsDBNull(7) ? [] : Names(reader.GetString(7))));
            }
        }
        List<TaskEdge>? edges = null;
        if (after is null && tasks.Count <= GraphTaskLimit)
        {
            edges = [];
            await using var cmd = client.DataSource.CreateCommand(Fill(DashboardSql.WorkflowEdges));
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", tasks.Select(t => t.JobId).ToArray()));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                edges.Add(new TaskEdge(reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2)));
            }
        }
        return new WorkflowDetail(workflow, (await states.ConfigureAwait(false))[id], tasks, edges);
    }

    /// <summary>The names of a JSON array of strings (a task's <c>deps</c>); anything else gives none.</summary>
    private static List<string> Names(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
