namespace River.Database.Queries;

/// <summary>
/// The statements of durable schedules (table <c>river_typed_schedule</c> of migration line <c>typed</c>): the
/// definitions every client upserts at start, the management calls, and the leader's enqueue pass. Templates are
/// constants; one instance per client holds them filled (<see cref="SchemaSql.Schedules"/>).
/// </summary>
internal sealed class ScheduleSql
{
    /// <summary>The columns of a schedule row in reading order (<see cref="Periodic.ScheduleStore.Read"/>).</summary>
    public const string Columns = """
        id, owner, schedule, time_zone, kind, args::text, queue, priority, max_attempts, tags, metadata::text,
        misfire_policy, max_misfire_runs, run_on_start, paused, next_run_at, last_run_at, last_job_id, trigger_at,
        definition_version, definition_hash, created_at, updated_at
        """;

    /// <summary>One schedule by id.</summary>
    public const string GetTemplate = "SELECT " + Columns + " FROM /* TEMPLATE: schema */river_typed_schedule WHERE id = @id";

    /// <summary>The leader, in its enqueue transaction: one schedule, locked until the transaction ends.</summary>
    public const string LockTemplate = "SELECT " + Columns + " FROM /* TEMPLATE: schema */river_typed_schedule WHERE id = @id FOR UPDATE";

    /// <summary>The leader, in its enqueue transaction: a batch of schedules, locked (in id order) until the transaction ends.</summary>
    public const string LockBatchTemplate = "SELECT " + Columns + " FROM /* TEMPLATE: schema */river_typed_schedule WHERE id = ANY(@ids) ORDER BY id FOR UPDATE";

    /// <summary>Schedules by id after <c>@after</c> (exclusive), up to <c>@limit</c>.</summary>
    public const string ListTemplate = "SELECT " + Columns + """
         FROM /* TEMPLATE: schema */river_typed_schedule
        WHERE id > @after
        ORDER BY id
        LIMIT @limit
        """;

    /// <summary>
    /// A new schedule (run-time add, or a code declaration seen for the first time); returns whether it was
    /// inserted (false: the id exists).
    /// </summary>
    public const string InsertTemplate = """
        INSERT INTO /* TEMPLATE: schema */river_typed_schedule
            (id, owner, schedule, time_zone, kind, args, queue, priority, max_attempts, tags, metadata,
             misfire_policy, max_misfire_runs, run_on_start, paused, next_run_at, definition_version, definition_hash)
        VALUES (@id, @owner, @schedule, @time_zone, @kind, @args::jsonb, @queue, @priority, @max_attempts, @tags, @metadata::jsonb,
             @misfire_policy, @max_misfire_runs, @run_on_start, @paused, @next_run_at, @definition_version, @definition_hash)
        ON CONFLICT (id) DO NOTHING
        RETURNING id
        """;

    /// <summary>
    /// Replaces a schedule's definition (everything but its id, paused flag, last run and pending trigger). When
    /// <c>@next_run_at</c> is null the next run is kept (the timing did not change). Returns the row.
    /// </summary>
    public const string UpdateDefinitionTemplate = """
        UPDATE /* TEMPLATE: schema */river_typed_schedule
        SET owner = @owner, schedule = @schedule, time_zone = @time_zone, kind = @kind, args = @args::jsonb,
            queue = @queue, priority = @priority, max_attempts = @max_attempts, tags = @tags, metadata = @metadata::jsonb,
            misfire_policy = @misfire_policy, max_misfire_runs = @max_misfire_runs, run_on_start = @run_on_start,
            next_run_at = coalesce(@next_run_at, next_run_at),
            definition_version = @definition_version, definition_hash = @definition_hash, updated_at = now()
        WHERE id = @id
        RETURNING
        """ + " " + Columns;

    /// <summary>Code declarations at start: the stored rows of these ids, locked until the upsert commits.</summary>
    public const string LockManyTemplate = "SELECT " + Columns + " FROM /* TEMPLATE: schema */river_typed_schedule WHERE id = ANY(@ids) ORDER BY id FOR UPDATE";

    /// <summary>Pauses or resumes a schedule; returns the row (none: no such id).</summary>
    public const string SetPausedTemplate = """
        UPDATE /* TEMPLATE: schema */river_typed_schedule
        SET paused = @paused, updated_at = now()
        WHERE id = @id
        RETURNING
        """ + " " + Columns;

    /// <summary>
    /// Resuming: a paused schedule's next run moves to its first time after now when it passed while paused (the
    /// client computes it); a run missed while paused is not a misfire.
    /// </summary>
    public const string ResumeTemplate = """
        UPDATE /* TEMPLATE: schema */river_typed_schedule
        SET paused = false, next_run_at = CASE WHEN paused AND next_run_at < @now THEN @next_run_at ELSE next_run_at END, updated_at = now()
        WHERE id = @id
        RETURNING
        """ + " " + Columns;

    /// <summary>Asks the leader for one run now (kept if one is already pending); returns the row.</summary>
    public const string TriggerTemplate = """
        UPDATE /* TEMPLATE: schema */river_typed_schedule
        SET trigger_at = coalesce(trigger_at, @now), updated_at = now()
        WHERE id = @id
        RETURNING
        """ + " " + Columns;

    /// <summary>Deletes a schedule; returns its id (none: no such id).</summary>
    public const string DeleteTemplate = "DELETE FROM /* TEMPLATE: schema */river_typed_schedule WHERE id = @id RETURNING id";

    /// <summary>
    /// The leader's pass: ids due at <c>@now</c> (not paused and next run reached, or a trigger pending) among the
    /// run-time schedules and the code schedules this leader declares (<c>@code_ids</c>), earliest first.
    /// </summary>
    public const string DueTemplate = """
        SELECT id FROM /* TEMPLATE: schema */river_typed_schedule
        WHERE ((NOT paused AND next_run_at <= @now) OR trigger_at IS NOT NULL)
          AND (owner = 'runtime' OR id = ANY(@code_ids))
        ORDER BY next_run_at NULLS LAST, id
        LIMIT @limit
        """;

    /// <summary>The leader's pass: the earliest next run (or trigger) it will act on, to sleep until then.</summary>
    public const string EarliestTemplate = """
        SELECT min(t) FROM (
            SELECT min(next_run_at) AS t FROM /* TEMPLATE: schema */river_typed_schedule
            WHERE NOT paused AND (owner = 'runtime' OR id = ANY(@code_ids))
            UNION ALL
            SELECT min(trigger_at) FROM /* TEMPLATE: schema */river_typed_schedule
            WHERE trigger_at IS NOT NULL AND (owner = 'runtime' OR id = ANY(@code_ids))) AS e
        """;

    /// <summary>
    /// The leader, in the enqueue transaction after <see cref="LockBatchTemplate"/>: each schedule's new next run, its
    /// last run and job (kept when this pass inserted none), and the trigger it served cleared.
    /// </summary>
    public const string AdvanceTemplate = """
        UPDATE /* TEMPLATE: schema */river_typed_schedule AS s
        SET next_run_at = u.next_run_at,
            last_run_at = coalesce(u.last_run_at, s.last_run_at),
            last_job_id = coalesce(u.last_job_id, s.last_job_id),
            trigger_at = CASE WHEN u.trigger_served THEN NULL ELSE s.trigger_at END,
            updated_at = now()
        FROM unnest(@ids::text[], @next_run_at::timestamptz[], @last_run_at::timestamptz[], @last_job_id::bigint[], @trigger_served::boolean[])
            AS u(id, next_run_at, last_run_at, last_job_id, trigger_served)
        WHERE s.id = u.id
        """;

    public ScheduleSql(SchemaSql sql)
    {
        Get = sql.Fill(GetTemplate);
        Lock = sql.Fill(LockTemplate);
        LockBatch = sql.Fill(LockBatchTemplate);
        List = sql.Fill(ListTemplate);
        Insert = sql.Fill(InsertTemplate);
        UpdateDefinition = sql.Fill(UpdateDefinitionTemplate);
        LockMany = sql.Fill(LockManyTemplate);
        SetPaused = sql.Fill(SetPausedTemplate);
        Resume = sql.Fill(ResumeTemplate);
        Trigger = sql.Fill(TriggerTemplate);
        Delete = sql.Fill(DeleteTemplate);
        Due = sql.Fill(DueTemplate);
        Earliest = sql.Fill(EarliestTemplate);
        Advance = sql.Fill(AdvanceTemplate);
    }

    public string Get { get; }
    public string Lock { get; }
    public string LockBatch { get; }
    public string List { get; }
    public string Insert { get; }
    public string UpdateDefinition { get; }
    public string LockMany { get; }
    public string SetPaused { get; }
    public string Resume { get; }
    public string Trigger { get; }
    public string Delete { get; }
    public string Due { get; }
    public string Earliest { get; }
    public string Advance { get; }
}
