namespace River.Dashboard.Queries;

/// <summary>
/// The dashboard's own statements (its lists and actions go through <see cref="RiverClient"/>'s management API).
/// Each reads a bounded number of rows whatever the size of <c>river_job</c>; <c>/* TEMPLATE: schema */</c> is the schema prefix.
/// </summary>
internal static class DashboardSql
{
    /// <summary>
    /// Jobs per state and queue, reading at most <c>@cap</c> rows of each state through the indexes that lead with
    /// <c>state</c>: a state whose count reaches the cap is reported as "at least" and estimated instead.
    /// </summary>
    public const string StateQueueCounts = """
        SELECT s.state::text, j.queue, count(*)
        FROM unnest(enum_range(NULL::/* TEMPLATE: schema */river_job_state)) AS s(state)
        CROSS JOIN LATERAL (SELECT queue FROM /* TEMPLATE: schema */river_job WHERE state = s.state LIMIT @cap) AS j
        GROUP BY 1, 2
        """;

    /// <summary>
    /// The planner's statistics of <c>river_job</c>: its estimated row count and the frequencies of its most common
    /// states (from the last ANALYZE; the autovacuum daemon keeps them fresh). Constant time.
    /// </summary>
    public const string StateEstimates = """
        SELECT greatest(c.reltuples, 0)::bigint, s.most_common_vals::text, s.most_common_freqs
        FROM pg_class AS c
        JOIN pg_namespace AS n ON n.oid = c.relnamespace
        LEFT JOIN pg_stats AS s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = 'state'
        WHERE n.nspname = @schema AND c.relname = 'river_job'
        """;

    /// <summary>
    /// Jobs finalized (completed, discarded) per minute since <c>@since</c>, each a range of the index on
    /// <c>(state, finalized_at)</c> (plain predicates, so the planner uses the range); at most <c>@cap</c> rows per
    /// state are read (the chart says when it is capped). Retryable jobs whose last attempt failed since then count as
    /// failures too (read through the index leading with <c>state</c>; retryable jobs are few).
    /// </summary>
    public const string Throughput = """
        SELECT 'completed', date_trunc('minute', at), count(*) FROM (
            SELECT finalized_at AS at FROM /* TEMPLATE: schema */river_job WHERE state = 'completed' AND finalized_at >= @since LIMIT @cap) AS c GROUP BY 2
        UNION ALL
        SELECT 'discarded', date_trunc('minute', at), count(*) FROM (
            SELECT finalized_at AS at FROM /* TEMPLATE: schema */river_job WHERE state = 'discarded' AND finalized_at >= @since LIMIT @cap) AS d GROUP BY 2
        UNION ALL
        SELECT 'retryable', date_trunc('minute', at), count(*) FROM (
            SELECT attempted_at AS at FROM /* TEMPLATE: schema */river_job WHERE state = 'retryable' AND attempted_at >= @since LIMIT @cap) AS r GROUP BY 2
        """;

    /// <summary>
    /// Tasks per state of each workflow of <c>@ids</c> (a page of the workflows list), reading at most <c>@cap</c> tasks
    /// of each through the task index by workflow: a workflow with more says "at least". Tasks whose job the cleaner
    /// deleted are not counted.
    /// </summary>
    public const string WorkflowTaskStates = """
        SELECT w.id, s.state::text, count(*)
        FROM unnest(@ids::text[]) AS w(id)
        CROSS JOIN LATERAL (
            SELECT j.state FROM /* TEMPLATE: schema */river_typed_workflow_task t
            JOIN /* TEMPLATE: schema */river_job j ON j.id = t.job_id
            WHERE t.workflow_id = w.id
            LIMIT @cap) AS s
        GROUP BY 1, 2
        """;

    /// <summary>One workflow's row (without its tasks).</summary>
    public const string Workflow = """
        SELECT w.id, w.name, w.task_count, w.metadata::text, w.created_at, w.finished_at
        FROM /* TEMPLATE: schema */river_typed_workflow w WHERE w.id = @id
        """;

    /// <summary>
    /// One page of a workflow's tasks by name after <c>@after</c> (the index on <c>(workflow_id, name)</c> serves the
    /// order and the keyset), with the job's kind, state and attempts (null when the cleaner deleted the job) and the
    /// dependency names written into its metadata at insert.
    /// </summary>
    public const string WorkflowTasks = """
        SELECT t.job_id, t.name, t.on_failure, j.kind, j.state::text, j.attempt, j.max_attempts, (j.metadata -> 'deps')::text
        FROM /* TEMPLATE: schema */river_typed_workflow_task t
        LEFT JOIN /* TEMPLATE: schema */river_job j ON j.id = t.job_id
        WHERE t.workflow_id = @id AND (@after::text IS NULL OR t.name > @after::text)
        ORDER BY t.name
        LIMIT @limit
        """;

    /// <summary>The dependency edges leaving the tasks <c>@ids</c> (by the edge table's primary key, which leads with the dependency).</summary>
    public const string WorkflowEdges = """
        SELECT e.dep_job_id, e.job_id, e.satisfied FROM /* TEMPLATE: schema */river_typed_workflow_edge e WHERE e.dep_job_id = ANY(@ids)
        """;

    /// <summary>The leader's lease, expired or not.</summary>
    public const string Leader = "SELECT leader_id, elected_at, expires_at FROM /* TEMPLATE: schema */river_leader";
}
