namespace River.Database.Queries;

/// <summary>
/// Every statement the runtime runs against <c>river_job</c>, in one place. Table and type names carry the
/// <c>/* TEMPLATE: schema */</c> placeholder, replaced by the quoted schema prefix once per client (<see cref="SchemaSql"/>);
/// no user-provided string is ever spliced into SQL text: values travel as parameters.
/// </summary>
internal static class JobSql
{
    /// <summary>The columns of a <see cref="JobRow"/>, in the order <see cref="JobRowReader"/> reads them (alias <c>j</c>).</summary>
    public const string Columns =
        "j.id, j.args, j.attempt, j.attempted_at, j.attempted_by, j.created_at, j.errors, j.finalized_at, j.kind, " +
        "j.max_attempts, j.metadata, j.priority, j.queue, j.state::text, j.scheduled_at, j.tags, j.unique_key, j.unique_states::int";

    /// <summary>
    /// Inserts many jobs in one statement from parallel arrays. Unique jobs that collide with an existing row
    /// in one of its unique states return that row with <c>skipped</c> = true (the no-op update locks and
    /// returns it; it rewrites the existing row's own kind, never the new job's: with ExcludeKind the two kinds
    /// differ). Tags travel as one comma-joined string per job (tags cannot contain commas).
    /// </summary>
    public const string InsertMany = """
        INSERT INTO /* TEMPLATE: schema */river_job AS j (args, kind, max_attempts, metadata, priority, queue, scheduled_at, state, tags, unique_key, unique_states)
        SELECT i.args, i.kind, i.max_attempts, i.metadata, i.priority, i.queue,
               coalesce(i.scheduled_at, now()), i.state::/* TEMPLATE: schema */river_job_state,
               CASE WHEN i.tags = '' THEN '{}'::varchar(255)[] ELSE string_to_array(i.tags, ',')::varchar(255)[] END,
               i.unique_key, i.unique_states::bit(8)
        FROM unnest(@args::jsonb[], @kinds::text[], @max_attempts::smallint[], @metadata::jsonb[], @priorities::smallint[],
                    @queues::text[], @scheduled_at::timestamptz[], @states::text[], @tags::text[], @unique_keys::bytea[],
                    @unique_states::int[])
             AS i(args, kind, max_attempts, metadata, priority, queue, scheduled_at, state, tags, unique_key, unique_states)
        ON CONFLICT (unique_key)
            WHERE unique_key IS NOT NULL AND unique_states IS NOT NULL AND /* TEMPLATE: schema */river_job_state_in_bitmask(unique_states, state)
            DO UPDATE SET kind = j.kind
        RETURNING /* TEMPLATE: columns */, (j.xmax <> 0) AS skipped
        """;

    /// <summary>Sends one insert notification per distinct queue given (PostgreSQL folds identical payloads within a transaction).</summary>
    public const string NotifyInsert = """
        SELECT pg_notify(@channel, json_build_object('queue', q)::text) FROM unnest(@queues::text[]) AS q
        """;

    /// <summary>
    /// Locks up to <c>@max</c> available jobs of a queue in fetch order and marks them running for this client.
    /// <c>attempted_by</c> keeps the last <see cref="JobSql.MaxAttemptedBy"/> entries.
    /// </summary>
    public const string FetchAvailable = """
        WITH locked AS (
            SELECT id FROM /* TEMPLATE: schema */river_job
            WHERE state = 'available' AND queue = @queue AND scheduled_at <= now()
            ORDER BY priority ASC, scheduled_at ASC, id ASC
            LIMIT @max
            FOR UPDATE SKIP LOCKED
        )
        UPDATE /* TEMPLATE: schema */river_job AS j
        SET state = 'running',
            attempt = j.attempt + 1,
            attempted_at = now(),
            attempted_by = array_append(
                CASE WHEN coalesce(array_length(j.attempted_by, 1), 0) >= @max_attempted_by
                     THEN j.attempted_by[array_length(j.attempted_by, 1) - @max_attempted_by + 2:]
                     ELSE j.attempted_by END,
                @client_id::text)
        FROM locked
        WHERE j.id = locked.id
        RETURNING /* TEMPLATE: fetch_columns */
        """;

    /// <summary>
    /// The jobs a fetch of this client marked running whose rows never reached it: the connection failed after the
    /// commit (a crash between the commit's flush and the reply, a connection cut at that moment), so the client saw
    /// an error and nothing else will ever work them (the client is alive, so neither rescuer takes them). They are
    /// running, in the queue, last attempted by this client, at a fetch time (the fetch transaction's <c>now()</c>)
    /// after <c>@after</c>, the time of the newest fetch whose rows the client did receive: every job of an earlier
    /// fetch is with a worker or the completer. Null before the first received fetch: then every running job last
    /// attempted under this client id in the queue (also one left by an earlier process with the same fixed
    /// <c>ClientId</c>). Same columns as the fetch; read after any failed fetch, before the next. A server clock stepped
    /// back past <c>@after</c> hides a lost fetch from this query (the job is then rescued once the client is gone).
    /// </summary>
    public const string FetchUnreceived = """
        SELECT /* TEMPLATE: fetch_columns */
        FROM /* TEMPLATE: schema */river_job AS j
        WHERE j.state = 'running' AND j.queue = @queue AND (@after::timestamptz IS NULL OR j.attempted_at > @after)
          AND j.attempted_by[cardinality(j.attempted_by)] = @client_id
        ORDER BY j.priority ASC, j.scheduled_at ASC, j.id ASC
        """;

    /// <summary>
    /// The columns a fetch returns, in the order of <see cref="Columns"/>, shaped so the common row decodes with few
    /// allocations (see <see cref="FetchedRowReader"/>): <c>attempted_by</c> is NULL when it holds only this client's id
    /// (a first attempt), <c>metadata</c> NULL when it is <c>{}</c>, <c>tags</c> NULL when empty; <c>queue</c> and
    /// <c>state</c> are not sent (the fetch is for one queue and sets <c>running</c>).
    /// </summary>
    public const string FetchColumns =
        "j.id, j.args, j.attempt, j.attempted_at, " +
        "CASE WHEN cardinality(j.attempted_by) = 1 THEN NULL ELSE j.attempted_by END, " +
        "j.created_at, j.errors, j.finalized_at, j.kind, j.max_attempts, NULLIF(j.metadata, '{}'::jsonb), j.priority, " +
        "NULL::text, NULL::text, j.scheduled_at, NULLIF(j.tags, '{}'), j.unique_key, j.unique_states::int";

    /// <summary>
    /// Writes a batch of attempt outcomes. Only rows still <c>running</c> change. A job whose cancel was
    /// requested while it ran (<c>metadata.cancel_attempted_at</c>) is cancelled instead of being retried or
    /// snoozed. Returns the ids that changed.
    /// </summary>
    public const string SetStatesIfRunning = """
        WITH u AS (
            SELECT * FROM unnest(@ids::bigint[], @states::text[], @finalized_at::timestamptz[], @scheduled_at::timestamptz[],
                                 @errors::jsonb[], @snoozed::boolean[], @metadata::jsonb[])
                AS t(id, state, finalized_at, scheduled_at, error, snoozed, metadata)
        )
        UPDATE /* TEMPLATE: schema */river_job AS j
        SET state = CASE WHEN j.metadata ? 'cancel_attempted_at' AND u.state IN ('available', 'retryable', 'scheduled')
                         THEN 'cancelled'::/* TEMPLATE: schema */river_job_state
                         ELSE u.state::/* TEMPLATE: schema */river_job_state END,
            finalized_at = CASE WHEN j.metadata ? 'cancel_attempted_at' AND u.state IN ('available', 'retryable', 'scheduled')
                                THEN coalesce(u.finalized_at, u.scheduled_at, now())
                                ELSE u.finalized_at END,
            scheduled_at = coalesce(u.scheduled_at, j.scheduled_at),
            attempt = CASE WHEN u.snoozed THEN greatest(j.attempt - 1, 0) ELSE j.attempt END,
            errors = CASE WHEN u.error IS NULL THEN j.errors ELSE array_append(j.errors, u.error) END,
            metadata = CASE
                WHEN u.snoozed THEN jsonb_set(j.metadata || coalesce(u.metadata, '{}'::jsonb), '{snoozes}',
                                              to_jsonb(coalesce((j.metadata ->> 'snoozes')::int, 0) + 1))
                WHEN u.metadata IS NULL THEN j.metadata
                ELSE j.metadata || u.metadata END
        FROM u
        WHERE j.id = u.id AND j.state = 'running'
        RETURNING j.id
        """;

    /// <summary>
    /// The common case of <see cref="SetStatesIfRunning"/>: jobs that completed without output. Same effect for
    /// those rows (a completed job is never turned into a cancelled one, and nothing but state and finalized_at
    /// changes), but two arrays instead of seven and no per-row CASE, so the completer's statement costs little
    /// more than the bare update of the pure-SQL reference. Returns the ids that changed.
    /// </summary>
    public const string SetCompletedIfRunning = """
        UPDATE /* TEMPLATE: schema */river_job AS j
        SET state = 'completed', finalized_at = u.finalized_at
        FROM unnest(@ids::bigint[], @finalized_at::timestamptz[]) AS u(id, finalized_at)
        WHERE j.id = u.id AND j.state = 'running'
        RETURNING j.id
        """;

    /// <summary>
    /// <see cref="SetCompletedIfRunning"/> for a client that deletes completed jobs
    /// (<see cref="RiverClientOptions.DeleteCompletedJobs"/>): the same parameters and guard, but the row is removed
    /// instead of updated, so no index entry is written for the completion (one delete marks the heap tuple; the
    /// update writes a new tuple and an entry in every index that is not HOT). Returns the ids that were deleted.
    /// </summary>
    public const string DeleteCompletedIfRunning = """
        DELETE FROM /* TEMPLATE: schema */river_job AS j
        USING unnest(@ids::bigint[], @finalized_at::timestamptz[]) AS u(id, finalized_at)
        WHERE j.id = u.id AND j.state = 'running'
        RETURNING j.id
        """;

    /// <summary>
    /// The columns of <see cref="Columns"/> as the job would read had it been completed instead of deleted: what a
    /// <see cref="DeleteCompletedIfRunning"/> returns when events are published.
    /// </summary>
    public static readonly string DeletedAsCompletedColumns = Columns
        .Replace("j.finalized_at", "u.finalized_at", StringComparison.Ordinal)
        .Replace("j.state::text", "'completed'::text", StringComparison.Ordinal);

    /// <summary>Reads one job by id.</summary>
    public const string GetById = "SELECT /* TEMPLATE: columns */ FROM /* TEMPLATE: schema */river_job AS j WHERE j.id = @id";

    /// <summary>The highest applied migration version of line <c>main</c>, or null.</summary>
    public const string MigrationVersion = """
        SELECT max(version) FROM /* TEMPLATE: schema */river_migration WHERE line = 'main'
        """;

    /// <summary>The highest applied version of River.Typed's line <c>typed</c> (null when none); run after line main is known to be at 7.</summary>
    public const string TypedMigrationVersion = """
        SELECT max(version) FROM /* TEMPLATE: schema */river_migration WHERE line = 'typed'
        """;

    /// <summary>The binary COPY used by the bulk insert path (no unique jobs).</summary>
    public const string CopyIn = "COPY /* TEMPLATE: schema */river_job (/* TEMPLATE: copy_columns */) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// The column defaults of <c>river_job</c> in River's schema (version 7). The bulk path leaves a column out of its
    /// COPY when every row of the batch has the default (each column costs a conversion per row on both sides).
    /// </summary>
    public const int ColumnDefaultMaxAttempts = 25;

    /// <inheritdoc cref="ColumnDefaultMaxAttempts"/>
    public const int ColumnDefaultPriority = 1;

    /// <inheritdoc cref="ColumnDefaultMaxAttempts"/>
    public const string ColumnDefaultQueue = "default";

    /// <inheritdoc cref="ColumnDefaultMaxAttempts"/>
    public const string ColumnDefaultMetadata = "{}";

    /// <summary>How many client ids <c>attempted_by</c> keeps (River's limit).</summary>
    public const int MaxAttemptedBy = 100;
}
