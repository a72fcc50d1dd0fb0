namespace River.Database.Queries;

/// <summary>
/// The statements of flow control (line <c>typed</c> version 3: <c>river_typed_flow_limit</c>,
/// <c>river_typed_flow_bucket</c>, <c>river_typed_flow_fetch</c>). The limited fetch is one statement, as the plain
/// <see cref="JobSql.FetchAvailable"/>; the algorithm is the function's (see its comment in <c>typed.003.up.sql</c>).
/// </summary>
internal static class FlowSql
{
    /// <summary>
    /// The fetch of a queue with flow rules: the columns of <see cref="JobSql.FetchColumns"/> from the function, which
    /// admits jobs past the queue's and kinds' limits, rates and sequences and marks them running.
    /// </summary>
    public const string Fetch = """
        SELECT /* TEMPLATE: fetch_columns */
        FROM /* TEMPLATE: schema */river_typed_flow_fetch(@queue, @max, @client_id, @max_attempted_by, @scan_limit) AS j
        """;

    /// <summary>Whether a queue's producer must fetch with <see cref="Fetch"/>: a rule for the queue, or a limit of any kind.</summary>
    public const string QueueHasRules = """
        EXISTS (SELECT 1 FROM /* TEMPLATE: schema */river_typed_flow_limit AS l
                WHERE (l.queue = @queue AND (l.sequenced OR l.max_running IS NOT NULL OR l.rate_count IS NOT NULL))
                   OR (l.kind IS NOT NULL AND (l.max_running IS NOT NULL OR l.rate_count IS NOT NULL)))
        """;

    /// <summary>
    /// Writes what a starting client declares (source <c>code</c>): a row an operator changed (source <c>runtime</c>)
    /// keeps its values and only records the declaration; <c>sequenced</c> is only ever turned on by a declaration.
    /// </summary>
    public const string UpsertDeclared = """
        INSERT INTO /* TEMPLATE: schema */river_typed_flow_limit AS l
            (id, queue, kind, partition_by, max_running, rate_count, rate_period, rate_burst, sequenced, source, declared, updated_at)
        SELECT d.id, d.queue, d.kind, p.partition_by, d.max_running, d.rate_count, d.rate_ms * interval '1 millisecond', d.rate_burst, d.sequenced,
               'code',
               jsonb_build_object('partition_by', p.partition_by, 'max_running', d.max_running, 'rate_count', d.rate_count,
                                  'rate_ms', d.rate_ms, 'rate_burst', d.rate_burst),
               now()
        FROM unnest(@ids::text[], @queues::text[], @kinds::text[], @partitions::text[], @max_running::int[], @rate_counts::int[],
                    @rate_ms::float8[], @rate_bursts::int[], @sequenced::boolean[])
             AS d(id, queue, kind, partition, max_running, rate_count, rate_ms, rate_burst, sequenced)
        CROSS JOIN LATERAL (SELECT CASE WHEN d.partition IS NULL THEN NULL
                                        ELSE ARRAY(SELECT jsonb_array_elements_text(d.partition::jsonb)) END AS partition_by) AS p
        ON CONFLICT (id) DO UPDATE SET
            declared = EXCLUDED.declared,
            sequenced = l.sequenced OR EXCLUDED.sequenced,
            partition_by = CASE WHEN l.source = 'code' THEN EXCLUDED.partition_by ELSE l.partition_by END,
            max_running = CASE WHEN l.source = 'code' THEN EXCLUDED.max_running ELSE l.max_running END,
            rate_count = CASE WHEN l.source = 'code' THEN EXCLUDED.rate_count ELSE l.rate_count END,
            rate_period = CASE WHEN l.source = 'code' THEN EXCLUDED.rate_period ELSE l.rate_period END,
            rate_burst = CASE WHEN l.source = 'code' THEN EXCLUDED.rate_burst ELSE l.rate_burst END,
            updated_at = now()
        """;

    /// <summary>An operator's change (source <c>runtime</c>): replaces the limits of a queue or kind, creating the row if needed; the declaration is kept for a reset.</summary>
    public const string Set = """
        INSERT INTO /* TEMPLATE: schema */river_typed_flow_limit AS l
            (id, queue, kind, partition_by, max_running, rate_count, rate_period, rate_burst, sequenced, source, updated_at)
        VALUES (@id, @queue, @kind,
                CASE WHEN @partition::text IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(@partition::jsonb)) END,
                @max_running, @rate_count, @rate_ms::float8 * interval '1 millisecond', @rate_burst, coalesce(@sequenced, false), 'runtime', now())
        ON CONFLICT (id) DO UPDATE SET
            partition_by = EXCLUDED.partition_by,
            max_running = EXCLUDED.max_running,
            rate_count = EXCLUDED.rate_count,
            rate_period = EXCLUDED.rate_period,
            rate_burst = EXCLUDED.rate_burst,
            sequenced = coalesce(@sequenced, l.sequenced),
            source = 'runtime',
            updated_at = now()
        RETURNING l.id
        """;

    /// <summary>
    /// Undoes an operator's change: back to the last declaration of a client (source <c>code</c>), or the row is removed
    /// when nothing declared it. Returns the number of rows changed or removed.
    /// </summary>
    public const string Reset = """
        WITH restored AS (
            UPDATE /* TEMPLATE: schema */river_typed_flow_limit AS l
            SET partition_by = CASE WHEN l.declared -> 'partition_by' = 'null'::jsonb THEN NULL
                                    ELSE ARRAY(SELECT jsonb_array_elements_text(l.declared -> 'partition_by')) END,
                max_running = (l.declared ->> 'max_running')::int,
                rate_count = (l.declared ->> 'rate_count')::int,
                rate_period = (l.declared ->> 'rate_ms')::float8 * interval '1 millisecond',
                rate_burst = (l.declared ->> 'rate_burst')::int,
                source = 'code',
                updated_at = now()
            WHERE l.id = @id AND l.declared IS NOT NULL
            RETURNING l.id
        ), removed AS (
            DELETE FROM /* TEMPLATE: schema */river_typed_flow_limit AS l WHERE l.id = @id AND l.declared IS NULL RETURNING l.id
        )
        SELECT (SELECT count(*) FROM restored) + (SELECT count(*) FROM removed)
        """;

    /// <summary>Removes a queue's or kind's limits and buckets (a client declaring them writes them again when it starts).</summary>
    public const string Delete = "DELETE FROM /* TEMPLATE: schema */river_typed_flow_limit WHERE id = @id";

    /// <summary>The most jobs <see cref="List"/> counts as running or as waiting for one limit (a count of this many means at least this many).</summary>
    public const int CountCap = 10_000;

    /// <summary><see cref="CountCap"/> as SQL text (a constant, so <see cref="List"/> stays one).</summary>
    private const string CountCapText = "10000";

    /// <summary>
    /// Every limit with its running and waiting (available) jobs now, each counted up to <see cref="CountCap"/>, and its
    /// partitions with a job running. One branch per scope, so a queue's counts read the <c>(state, queue)</c> prefix of
    /// <c>river_job_prioritized_fetching_index</c>; a kind's read the state's range and stop at the cap. (One predicate
    /// <c>queue = … OR kind = …</c> could use no index bound: at 10M rows, with 330,000 available, the list took 5 s.)
    /// </summary>
    public const string List = $$"""
        SELECT l.id, l.queue, l.kind, array_to_json(l.partition_by)::text, l.max_running, l.rate_count,
               extract(epoch FROM l.rate_period) * 1000, l.rate_burst, l.sequenced, l.source, l.updated_at,
               CASE WHEN l.kind IS NULL
                    THEN (SELECT count(*) FROM (SELECT 1 FROM /* TEMPLATE: schema */river_job AS j
                          WHERE j.state = 'running' AND j.queue = l.queue LIMIT {{CountCapText}}) AS c)
                    ELSE (SELECT count(*) FROM (SELECT 1 FROM /* TEMPLATE: schema */river_job AS j
                          WHERE j.state = 'running' AND j.kind = l.kind LIMIT {{CountCapText}}) AS c) END,
               CASE WHEN l.kind IS NULL
                    THEN (SELECT count(*) FROM (SELECT 1 FROM /* TEMPLATE: schema */river_job AS j
                          WHERE j.state = 'available' AND j.queue = l.queue LIMIT {{CountCapText}}) AS c)
                    ELSE (SELECT count(*) FROM (SELECT 1 FROM /* TEMPLATE: schema */river_job AS j
                          WHERE j.state = 'available' AND j.kind = l.kind LIMIT {{CountCapText}}) AS c) END,
               (SELECT count(DISTINCT coalesce(j.args #>> l.partition_by, '')) FROM /* TEMPLATE: schema */river_job AS j
                WHERE l.partition_by IS NOT NULL AND j.state = 'running' AND j.kind = l.kind),
               (SELECT min(b.tokens) FROM /* TEMPLATE: schema */river_typed_flow_bucket AS b WHERE b.limit_id = l.id)
        FROM /* TEMPLATE: schema */river_typed_flow_limit AS l
        WHERE @id::text IS NULL OR l.id = @id
        ORDER BY l.id
        """;

    /// <summary>
    /// The sequences with a job not finalized, one row each: the holder (the lowest id in a holding state), its state,
    /// attempt and kind, and how many jobs of the sequence wait behind it. Filtered by key when <c>@key</c> is given;
    /// keys after <c>@after</c> only when it is given (keyset by key: the comparison and the order use the same
    /// collation, the database's, so pages follow the list's order).
    /// </summary>
    public const string Sequences = """
        SELECT s.key, s.id, s.kind, s.queue, s.state::text, s.attempt, s.waiting
        FROM (
            SELECT j.metadata ->> 'river:sequence' AS key, j.id, j.kind, j.queue, j.state, j.attempt,
                   count(*) OVER (PARTITION BY j.metadata ->> 'river:sequence') - 1 AS waiting,
                   row_number() OVER (PARTITION BY j.metadata ->> 'river:sequence' ORDER BY j.id) AS n
            FROM /* TEMPLATE: schema */river_job AS j
            WHERE (CASE WHEN @key::text IS NULL THEN j.metadata ? 'river:sequence'
                        ELSE j.metadata @> jsonb_build_object('river:sequence', @key::text) END)
              AND j.state IN ('available', 'running', 'retryable', 'scheduled', 'pending')
              AND (@after::text IS NULL OR j.metadata ->> 'river:sequence' > @after::text)
        ) AS s
        WHERE s.n = 1
        ORDER BY s.key
        LIMIT @limit
        """;
}

/// <summary>The statements of <see cref="FlowSql"/> with the schema filled in (part of <see cref="SchemaSql"/>).</summary>
internal sealed class FlowStatements
{
    public FlowStatements(SchemaSql sql)
    {
        Fetch = sql.Fill(FlowSql.Fetch);
        UpsertDeclared = sql.Fill(FlowSql.UpsertDeclared);
        Set = sql.Fill(FlowSql.Set);
        Reset = sql.Fill(FlowSql.Reset);
        Delete = sql.Fill(FlowSql.Delete);
        List = sql.Fill(FlowSql.List);
        Sequences = sql.Fill(FlowSql.Sequences);
    }

    public string Fetch { get; }
    public string UpsertDeclared { get; }
    public string Set { get; }
    public string Reset { get; }
    public string Delete { get; }
    public string List { get; }
    public string Sequences { get; }
}
