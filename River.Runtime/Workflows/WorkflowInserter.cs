using Npgsql;
using NpgsqlTypes;
using River.Database.Queries;
using River.Insertion;

namespace River.Workflows;

/// <summary>
/// Writes a validated workflow in one statement (<see cref="WorkflowSql.InsertTemplate"/>): the workflow row, one
/// job per task from parallel arrays (so 10,000 tasks are one round trip), the task rows and the edges, followed in
/// the same batch by one insert notification per queue with available tasks.
/// </summary>
internal static class WorkflowInserter
{
    public static async Task<WorkflowInsertResult> InsertAsync(SchemaSql sql, NpgsqlConnection connection, NpgsqlTransaction? transaction,
        WorkflowBuilder workflow, IReadOnlyList<PreparedInsert> jobs, CancellationToken cancellationToken)
    {
        var tasks = workflow.Tasks;
        var n = tasks.Count;
        var args = new string[n];
        var kinds = new string[n];
        var maxAttempts = new short[n];
        var metadata = new string[n];
        var workflowMeta = new string[n];
        var priorities = new short[n];
        var queues = new string[n];
        var scheduledAt = new DateTime?[n];
        var states = new string[n];
        var tags = new string[n];
        var names = new string[n];
        var onFailure = new string[n];
        var edgeCount = 0;
        foreach (var task in tasks)
        {
            edgeCount += task.DependsOn.Count;
        }
        var edgeTasks = new string[edgeCount];
        var edgeDeps = new string[edgeCount];
        var notifyQueues = new HashSet<string>(StringComparer.Ordinal);
        var e = 0;
        for (var i = 0; i < n; i++)
        {
            var task = tasks[i];
            var job = jobs[i];
            args[i] = System.Text.Encoding.UTF8.GetString(job.EncodedArgs.Span);
            kinds[i] = job.Kind;
            maxAttempts[i] = (short)job.MaxAttempts;
            metadata[i] = job.Metadata;
            workflowMeta[i] = WorkflowMetadata.For(workflow.Id, task);
            priorities[i] = (short)job.Priority;
            queues[i] = job.Queue;
            scheduledAt[i] = job.ScheduledAt?.UtcDateTime;
            var state = task.DependsOn.Count > 0 ? JobState.Pending : job.State;
            states[i] = JobStateNames.ToDb(state);
            tags[i] = job.TagsJoined;
            names[i] = task.Name;
            onFailure[i] = PolicyName(task.OnFailure);
            foreach (var dep in task.DependsOn)
            {
                edgeTasks[e] = task.Name;
                edgeDeps[e++] = dep;
            }
            if (state == JobState.Available)
            {
                notifyQueues.Add(job.Queue);
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(sql.Workflows.Insert);
        var p = insert.Parameters;
        p.Add(new NpgsqlParameter<string>("workflow_id", workflow.Id));
        p.Add(new NpgsqlParameter<string>("workflow_name", workflow.Name));
        p.Add(new NpgsqlParameter<string>("workflow_metadata", NpgsqlDbType.Jsonb) { TypedValue = workflow.Metadata ?? "{}" });
        p.Add(new NpgsqlParameter<string[]>("args", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = args });
        p.Add(new NpgsqlParameter<string[]>("kinds", kinds));
        p.Add(new NpgsqlParameter<short[]>("max_attempts", maxAttempts));
        p.Add(new NpgsqlParameter<string[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = metadata });
        p.Add(new NpgsqlParameter<string[]>("workflow_meta", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = workflowMeta });
        p.Add(new NpgsqlParameter<short[]>("priorities", priorities));
        p.Add(new NpgsqlParameter<string[]>("queues", queues));
        p.Add(new NpgsqlParameter<DateTime?[]>("scheduled_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = scheduledAt });
        p.Add(new NpgsqlParameter<string[]>("states", states));
        p.Add(new NpgsqlParameter<string[]>("tags", tags));
        p.Add(new NpgsqlParameter<string[]>("task_names", names));
        p.Add(new NpgsqlParameter<string[]>("on_failure", onFailure));
        p.Add(new NpgsqlParameter<string[]>("edge_tasks", edgeTasks));
        p.Add(new NpgsqlParameter<string[]>("edge_deps", edgeDeps));
        batch.BatchCommands.Add(insert);
        if (notifyQueues.Count > 0)
        {
            var notify = new NpgsqlBatchCommand(sql.NotifyInsert);
            sql.AddNotifyInsertParameters(notify.Parameters, [.. notifyQueues]);
            batch.BatchCommands.Add(notify);
        }

        var byName = new Dictionary<string, JobRow>(n, StringComparer.Ordinal);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = JobRowReader.Read(reader);
                byName[reader.GetString(JobRowReader.ColumnCount)] = row;
            }
        }
        catch (PostgresException pe) when (pe.SqlState == PostgresErrorCodes.UniqueViolation && pe.ConstraintName == "river_typed_workflow_pkey")
        {
            throw new ArgumentException($"A workflow with id '{workflow.Id}' already exists; workflow ids are unique (leave the id out for a new one).", nameof(workflow), pe);
        }
        if (byName.Count != n)
        {
            throw new InvalidOperationException($"The workflow insert returned {byName.Count} jobs for {n} tasks.");
        }
        return new WorkflowInsertResult(workflow.Id, byName);
    }

    /// <summary>The stored name of a policy (<c>river_typed_workflow_task.on_failure</c>).</summary>
    public static string PolicyName(WorkflowFailurePolicy policy) => policy switch
    {
        WorkflowFailurePolicy.RunAnyway => "run",
        WorkflowFailurePolicy.Wait => "wait",
        _ => "cancel",
    };

    /// <summary>The policy of a stored name.</summary>
    public static WorkflowFailurePolicy PolicyOf(string name) => name switch
    {
        "run" => WorkflowFailurePolicy.RunAnyway,
        "wait" => WorkflowFailurePolicy.Wait,
        _ => WorkflowFailurePolicy.Cancel,
    };
}
