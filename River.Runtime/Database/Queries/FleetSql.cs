namespace River.Database.Queries;

/// <summary>
/// Statements of the client registry (line typed's <c>river_typed_client</c>): registration, heartbeats, the operator
/// view, and the leader's heartbeat rescue. Database time (<c>now()</c>) is used only for what operators read
/// (heartbeat_at); who is dead is decided by the leader's own clock (<see cref="Fleet.HeartbeatWatch"/>).
/// </summary>
internal static class FleetSql
{
    /// <summary>
    /// Registers this client, or takes over a row of its id that is stopped, declared dead or not refreshed within its
    /// TTL (a previous process of the same id). No row back means a live client holds the id: refused.
    /// At start (<c>@fresh</c>), every job still running under this id is a predecessor's (this process has fetched
    /// nothing yet): recorded as orphaned, id and attempt, for the leader to rescue. A later re-registration of the same
    /// process (its row deleted by hand) keeps the list it had and records nothing new: those jobs are its own.
    /// </summary>
    public const string Register = """
        WITH orphaned AS (
            SELECT coalesce(array_agg(j.id ORDER BY j.id), '{}') AS ids, coalesce(array_agg(j.attempt::integer ORDER BY j.id), '{}') AS attempts
            FROM /* TEMPLATE: schema */river_job AS j
            WHERE @fresh AND j.state = 'running' AND j.attempted_by[array_length(j.attempted_by, 1)] = @id
        )
        INSERT INTO /* TEMPLATE: schema */river_typed_client AS c
            (id, instance, host, pid, version, started_at, heartbeat_at, heartbeat_seq, ttl, queues, running_count, orphaned_job_ids, orphaned_attempts)
        SELECT @id, @instance, @host, @pid, @version, now(), now(), 1, @ttl, @queues::jsonb, 0, orphaned.ids, orphaned.attempts
        FROM orphaned
        ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, host = EXCLUDED.host, pid = EXCLUDED.pid,
            version = EXCLUDED.version, started_at = now(), heartbeat_at = now(), heartbeat_seq = c.heartbeat_seq + 1,
            ttl = EXCLUDED.ttl, queues = EXCLUDED.queues, running_count = 0, stopped_at = NULL, dead_at = NULL,
            orphaned_job_ids = CASE WHEN @fresh THEN EXCLUDED.orphaned_job_ids ELSE c.orphaned_job_ids END,
            orphaned_attempts = CASE WHEN @fresh THEN EXCLUDED.orphaned_attempts ELSE c.orphaned_attempts END
        WHERE c.instance = EXCLUDED.instance OR c.stopped_at IS NOT NULL OR c.dead_at IS NOT NULL OR c.heartbeat_at < now() - c.ttl
        RETURNING c.heartbeat_seq, cardinality(c.orphaned_job_ids)
        """;

    /// <summary>The holder of an id (for the refusal message): host, pid, started_at, heartbeat_at.</summary>
    public const string GetHolder = """
        SELECT host, pid, started_at, heartbeat_at FROM /* TEMPLATE: schema */river_typed_client WHERE id = @id
        """;

    /// <summary>
    /// One heartbeat of this instance: bumps the sequence the leader watches, records the running count, and clears a
    /// dead mark (a client declared dead that turns out alive, e.g. after a long pause, is live again). No row: the row is
    /// gone or another instance took it.
    /// </summary>
    public const string Heartbeat = """
        UPDATE /* TEMPLATE: schema */river_typed_client
        SET heartbeat_at = now(), heartbeat_seq = heartbeat_seq + 1, running_count = @running, dead_at = NULL
        WHERE id = @id AND instance = @instance
        RETURNING heartbeat_seq
        """;

    /// <summary>Graceful stop: removes this instance's row.</summary>
    public const string Deregister = "DELETE FROM /* TEMPLATE: schema */river_typed_client WHERE id = @id AND instance = @instance";

    /// <summary>
    /// The operator view: every registered client, live ones first, then recently declared dead ones, each with the
    /// running jobs whose latest attempt is its. The running jobs are counted in one grouped pass over the running rows
    /// (a range of the indexes leading with <c>state</c>), not once per client: with a thousand clients that is one read
    /// of the running jobs instead of a thousand.
    /// </summary>
    public const string ListClients = """
        WITH running AS (
            SELECT j.attempted_by[array_length(j.attempted_by, 1)] AS client_id, count(*) AS jobs
            FROM /* TEMPLATE: schema */river_job AS j
            WHERE j.state = 'running'
            GROUP BY 1
        )
        SELECT c.id, c.host, c.pid, c.version, c.started_at, c.heartbeat_at, c.ttl, c.queues::text, c.running_count, c.dead_at,
               coalesce(r.jobs, 0) AS running_jobs
        FROM /* TEMPLATE: schema */river_typed_client AS c
        LEFT JOIN running AS r ON r.client_id = c.id
        WHERE c.stopped_at IS NULL
        ORDER BY (c.dead_at IS NOT NULL), c.id
        LIMIT @max
        """;

    /// <summary>The leader's view: every live registered client's heartbeat sequence and TTL.</summary>
    public const string WatchClients = """
        SELECT id, heartbeat_seq, ttl FROM /* TEMPLATE: schema */river_typed_client WHERE dead_at IS NULL AND stopped_at IS NULL
        """;

    /// <summary>
    /// The leader declares clients dead (fenced): only rows whose sequence is still the one it watched stop (a
    /// heartbeat that arrived meanwhile keeps the client alive). Returns the ids declared.
    /// </summary>
    public const string DeclareDead = """
        UPDATE /* TEMPLATE: schema */river_typed_client AS c SET dead_at = now()
        FROM unnest(@ids::text[], @seqs::bigint[]) AS d(id, seq)
        WHERE c.id = d.id AND c.heartbeat_seq = d.seq AND c.dead_at IS NULL AND /* TEMPLATE: leader_fence */
        RETURNING c.id
        """;

    /// <summary>
    /// Running jobs whose attempt belongs to a client declared dead (the last element of <c>attempted_by</c>), or that a
    /// process taking over its id recorded as orphaned (same id and attempt), locked for the rescue in the same
    /// transaction, up to <c>@max</c>. The column after the job's is true for an orphaned job (for its error text).
    /// </summary>
    public const string GetRunningOfDeadClients = """
        WITH orphans AS (
            SELECT o.id, o.attempt
            FROM /* TEMPLATE: schema */river_typed_client AS c
            CROSS JOIN LATERAL unnest(c.orphaned_job_ids, c.orphaned_attempts) AS o(id, attempt)
            WHERE cardinality(c.orphaned_job_ids) > 0
        )
        SELECT /* TEMPLATE: columns */, (j.id, j.attempt::integer) IN (SELECT o.id, o.attempt FROM orphans AS o) AS orphaned
        FROM /* TEMPLATE: schema */river_job AS j
        WHERE j.state = 'running'
          AND (j.attempted_by[array_length(j.attempted_by, 1)] IN (SELECT id FROM /* TEMPLATE: schema */river_typed_client WHERE dead_at IS NOT NULL)
               OR (j.id, j.attempt::integer) IN (SELECT o.id, o.attempt FROM orphans AS o))
        ORDER BY j.id
        LIMIT @max
        FOR UPDATE OF j SKIP LOCKED
        """;

    /// <summary>Rows of clients declared dead longer ago than <c>@horizon</c> whose jobs are all rescued: removed (fenced).</summary>
    public const string DeleteLongDead = """
        DELETE FROM /* TEMPLATE: schema */river_typed_client AS c
        WHERE c.dead_at < @horizon AND /* TEMPLATE: leader_fence */
          AND NOT EXISTS (SELECT 1 FROM /* TEMPLATE: schema */river_job AS j
                          WHERE j.state = 'running' AND j.attempted_by[array_length(j.attempted_by, 1)] = c.id)
        """;
}

/// <summary>The statements of <see cref="FleetSql"/>, filled for one schema.</summary>
internal sealed class FleetStatements(SchemaSql sql)
{
    public string Register { get; } = sql.Fill(FleetSql.Register);
    public string GetHolder { get; } = sql.Fill(FleetSql.GetHolder);
    public string Heartbeat { get; } = sql.Fill(FleetSql.Heartbeat);
    public string Deregister { get; } = sql.Fill(FleetSql.Deregister);
    public string ListClients { get; } = sql.Fill(FleetSql.ListClients);
    public string WatchClients { get; } = sql.Fill(FleetSql.WatchClients);
    public string DeclareDead { get; } = sql.Fill(FleetSql.DeclareDead);
    public string GetRunningOfDeadClients { get; } = sql.Fill(FleetSql.GetRunningOfDeadClients);
    public string DeleteLongDead { get; } = sql.Fill(FleetSql.DeleteLongDead);
    public string GetTerm { get; } = sql.LeaderGetTerm;
}
