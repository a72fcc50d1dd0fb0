namespace River.Database.Queries;

/// <summary>
/// Every statement of the leader's maintenance services and the periodic job enqueuer, in one place. Every write
/// carries the leader fence (<c>/* TEMPLATE: leader_fence */</c>, binding <c>@leader_term</c>): a deposed leader's
/// write raises SQLSTATE RVF01 and changes nothing. Templates
/// carry the <c>/* TEMPLATE: schema */</c> schema placeholder (see <see cref="JobSql"/>); an instance holds them filled in for one
/// schema. Times come in as parameters from the client's <see cref="TimeProvider"/> (never the database's
/// <c>now()</c>), so tests drive them with a fake clock.
/// </summary>
internal sealed class MaintenanceSql
{
    /// <summary>
    /// The scheduler: makes up to <c>@max</c> retryable and scheduled jobs due at <c>@now</c> available, in fetch
    /// order. Unique conflicts are resolved as River's <c>JobSchedule</c> does: of several due jobs with one unique
    /// key only the first (priority, scheduled_at, id) may become available, and none may when another row already
    /// holds the key in one of its unique states; the losers are discarded with metadata
    /// <c>unique_key_conflict = "scheduler_discarded"</c>. Rows locked by someone else are skipped (next run).
    /// Returns each changed job's id, queue and whether it was discarded.
    /// </summary>
    public const string ScheduleTemplate = """
        WITH due AS (
            SELECT id, unique_key, unique_states, priority, scheduled_at
            FROM /* TEMPLATE: schema */river_job
            WHERE state IN ('retryable', 'scheduled') AND scheduled_at <= @now AND /* TEMPLATE: leader_fence */
            ORDER BY priority, scheduled_at, id
            LIMIT @max
            FOR UPDATE SKIP LOCKED
        ),
        ranked AS (
            SELECT due.*,
                   CASE WHEN unique_key IS NOT NULL AND unique_states IS NOT NULL
                        THEN row_number() OVER (PARTITION BY unique_key ORDER BY priority, scheduled_at, id) END AS row_num
            FROM due
        ),
        conflicts AS (
            SELECT DISTINCT j.unique_key
            FROM /* TEMPLATE: schema */river_job AS j
            JOIN ranked AS r ON j.unique_key = r.unique_key AND j.id <> r.id
            WHERE j.unique_key IS NOT NULL AND j.unique_states IS NOT NULL
              AND /* TEMPLATE: schema */river_job_state_in_bitmask(j.unique_states, j.state)
        ),
        decided AS (
            SELECT r.id, (r.row_num IS NOT NULL AND (c.unique_key IS NOT NULL OR r.row_num > 1)) AS discard
            FROM ranked AS r
            LEFT JOIN conflicts AS c ON r.unique_key = c.unique_key
        )
        UPDATE /* TEMPLATE: schema */river_job AS j
        SET state = CASE WHEN d.discard THEN 'discarded'::/* TEMPLATE: schema */river_job_state ELSE 'available'::/* TEMPLATE: schema */river_job_state END,
            finalized_at = CASE WHEN d.discard THEN @now ELSE j.finalized_at END,
            metadata = CASE WHEN d.discard THEN j.metadata || '{"unique_key_conflict": "scheduler_discarded"}'::jsonb
                            ELSE j.metadata END
        FROM decided AS d
        WHERE j.id = d.id
        RETURNING j.id, j.queue, d.discard
        """;

    /// <summary>
    /// The rescuer, step 1 (in a transaction): locks up to <c>@max</c> running jobs whose attempt started before
    /// <c>@horizon</c>, except those of a live registered client (a long job on a live client is never rescued for being
    /// long; registered clients that die are rescued by heartbeat, <see cref="Maintenance.ClientRescuer"/>).
    /// </summary>
    public const string GetStuckTemplate = """
        SELECT /* TEMPLATE: columns */
        FROM /* TEMPLATE: schema */river_job AS j
        WHERE j.state = 'running' AND j.attempted_at < @horizon
          AND NOT EXISTS (SELECT 1 FROM /* TEMPLATE: schema */river_typed_client AS c
                          WHERE c.id = j.attempted_by[array_length(j.attempted_by, 1)] AND c.dead_at IS NULL AND c.stopped_at IS NULL)
        ORDER BY j.id
        LIMIT @max
        FOR UPDATE SKIP LOCKED
        """;

    /// <summary>
    /// The rescuer, step 2: writes each stuck job's new state, appends the rescue error and increments
    /// <c>river:rescue_count</c>. Only rows still running change.
    /// </summary>
    public const string RescueTemplate = """
        UPDATE /* TEMPLATE: schema */river_job AS j
        SET state = u.state::/* TEMPLATE: schema */river_job_state,
            finalized_at = u.finalized_at,
            scheduled_at = coalesce(u.scheduled_at, j.scheduled_at),
            errors = array_append(j.errors, u.error),
            metadata = j.metadata || jsonb_build_object('river:rescue_count',
                                         coalesce((j.metadata ->> 'river:rescue_count')::int, 0) + 1)
        FROM unnest(@ids::bigint[], @states::text[], @finalized_at::timestamptz[], @scheduled_at::timestamptz[], @errors::jsonb[])
             AS u(id, state, finalized_at, scheduled_at, error)
        WHERE j.id = u.id AND j.state = 'running' AND /* TEMPLATE: leader_fence */
        """;

    /// <summary>
    /// The job cleaner: deletes up to <c>@max</c> finalized jobs older than their state's horizon (a null horizon
    /// keeps that state forever), oldest ids first, through <c>river_job_state_and_finalized_at_index</c>.
    /// </summary>
    public const string DeleteFinalizedTemplate = """
        WITH doomed AS (
            SELECT id
            FROM /* TEMPLATE: schema */river_job
            WHERE ((state = 'cancelled' AND finalized_at < @cancelled_horizon)
               OR (state = 'completed' AND finalized_at < @completed_horizon)
               OR (state = 'discarded' AND finalized_at < @discarded_horizon))
              AND /* TEMPLATE: leader_fence */
            ORDER BY id
            LIMIT @max
        )
        DELETE FROM /* TEMPLATE: schema */river_job AS j
        USING doomed
        WHERE j.id = doomed.id
        """;

    /// <summary>The queue cleaner: deletes up to <c>@max</c> queues not updated since <c>@horizon</c>; returns their names.</summary>
    public const string DeleteStaleQueuesTemplate = """
        DELETE FROM /* TEMPLATE: schema */river_queue
        WHERE /* TEMPLATE: leader_fence */ AND name IN (
            SELECT name FROM /* TEMPLATE: schema */river_queue
            WHERE updated_at < @horizon
            ORDER BY name
            LIMIT @max
        )
        RETURNING name
        """;

    /// <summary>The reindexer: the leftover indexes of an interrupted <c>REINDEX … CONCURRENTLY</c> of one index (<c>&lt;name&gt;_ccnew</c>, <c>_ccnew1</c>…, <c>_ccold</c>…).</summary>
    public const string ReindexArtifacts = """
        SELECT c.relname
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = @schema AND c.relkind = 'i'
          AND (c.relname LIKE @name || '\_ccnew%' OR c.relname LIKE @name || '\_ccold%')
        ORDER BY c.relname
        """;

    /// <summary>The reindexer: whether the index exists in the schema.</summary>
    public const string IndexExists = """
        SELECT EXISTS (
            SELECT 1 FROM pg_catalog.pg_class AS c
            JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relname = @name AND c.relkind = 'i')
        """;

    /// <summary>
    /// The periodic enqueuer: the newest planned time (<c>scheduled_at</c>) of the jobs each periodic job id has
    /// inserted (any state), through the metadata GIN index.
    /// </summary>
    public const string LastPeriodicFiringsTemplate = """
        SELECT p.id, max(j.scheduled_at)
        FROM unnest(@ids::text[]) AS p(id)
        JOIN /* TEMPLATE: schema */river_job AS j ON j.metadata @> jsonb_build_object('river:periodic_job_id', p.id)
        GROUP BY p.id
        """;

    /// <summary>
    /// The periodic enqueuer, before inserting a firing (in the insert's transaction): serializes enqueuers of one
    /// periodic job id across clients until the transaction ends. Must be its own statement: the check that follows
    /// needs a snapshot taken after the lock is granted (READ COMMITTED takes one per statement), or it would miss
    /// the row the previous holder just committed.
    /// </summary>
    public const string LockPeriodicId = "SELECT pg_advisory_xact_lock(hashtextextended('river_periodic:' || @id, 0))";

    /// <summary>The periodic enqueuer, after <see cref="LockPeriodicId"/>: whether this firing (id, planned time) is already in the table.</summary>
    public const string FiringExistsTemplate = """
        SELECT EXISTS (SELECT 1 FROM /* TEMPLATE: schema */river_job
                       WHERE metadata @> jsonb_build_object('river:periodic_job_id', @id::text) AND scheduled_at = @planned)
        """;

    public MaintenanceSql(SchemaSql sql)
    {
        Schema = sql.Schema;
        Prefix = sql.Prefix;
        Schedule = sql.Fill(ScheduleTemplate);
        GetStuck = sql.Fill(GetStuckTemplate);
        Rescue = sql.Fill(RescueTemplate);
        DeleteFinalized = sql.Fill(DeleteFinalizedTemplate);
        DeleteStaleQueues = sql.Fill(DeleteStaleQueuesTemplate);
        LastPeriodicFirings = sql.Fill(LastPeriodicFiringsTemplate);
        FiringExists = sql.Fill(FiringExistsTemplate);
        Statements = sql;
    }

    public string Schema { get; }
    public string Prefix { get; }
    public string Schedule { get; }
    public string GetStuck { get; }
    public string Rescue { get; }
    public string DeleteFinalized { get; }
    public string DeleteStaleQueues { get; }
    public string LastPeriodicFirings { get; }
    public string FiringExists { get; }
    /// <summary>The client's statements (the scheduler sends insert notifications through them).</summary>
    public SchemaSql Statements { get; }

    /// <summary><c>REINDEX INDEX CONCURRENTLY</c> of one index (quoted; the name was validated by the options).</summary>
    public string Reindex(string index) => "REINDEX INDEX CONCURRENTLY " + Prefix + SchemaSql.QuoteIdentifier(index);

    /// <summary>Drops a leftover index of an interrupted concurrent reindex.</summary>
    public string DropIndex(string index) => "DROP INDEX CONCURRENTLY IF EXISTS " + Prefix + SchemaSql.QuoteIdentifier(index);
}
