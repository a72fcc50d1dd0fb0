namespace River.Database.Queries;

/// <summary>
/// The statements of workflows (tables <c>river_typed_workflow*</c> of migration line <c>typed</c>): the insert of a
/// whole DAG in one statement, the completer's release of ready dependents in the transaction that completed their
/// last dependency, and the workflow operations. Templates are constants; one instance per client holds them filled
/// (<see cref="SchemaSql.Workflows"/>).
/// </summary>
/// <remarks>
/// <para>Release without a hot row: every dependency edge is a row of its own, marked satisfied by the completer of
/// its dependency; a dependent is released when it has no unsatisfied edge left. Two completers that satisfy the last
/// two edges of one dependent at the same time would each still see the other's edge unsatisfied (neither has
/// committed), so each completer first locks the job row of every dependent it touches (<c>FOR UPDATE</c>,
/// <see cref="AdvanceLockTemplate"/>, in id order, so two completers never deadlock) and only then, in the next
/// statement (a fresh snapshot that sees every earlier holder's commit), marks its edges and checks. The lock is taken
/// only by completers of that dependent's own dependencies, is held for the rest of one completer batch, and writes
/// nothing: no row version per completion, unlike a "remaining" counter that every one of 1,000 fan-in completers
/// would rewrite (1,000 dead tuples). Jobs that are not workflow tasks never run these statements.</para>
/// <para>The finish of a workflow is decided the same way, under a lock of the workflow's row.</para>
/// </remarks>
internal sealed class WorkflowSql
{
    /// <summary>The final states (a task in one of them will not run again unless retried).</summary>
    private const string Final = "('completed', 'cancelled', 'discarded')";

    /// <summary>
    /// <c>{"workflow_outputs": {task: output}}</c> of the dependencies of the job aliased <c>j</c> that recorded an output:
    /// merged into a task's metadata when it is released, so its worker reads them without a query.
    /// The test of the key is <c>-&gt; 'output' IS NOT NULL</c>, not <c>?</c>, so it is never served by the metadata's GIN
    /// index (a scan of every job with an output, per released task) but by the edges of the task.
    /// </summary>
    private const string OutputsOfJ = """
        jsonb_build_object('workflow_outputs', coalesce((
            SELECT jsonb_object_agg(t.name, dj.metadata -> 'output')
            FROM /* TEMPLATE: schema */river_typed_workflow_edge e
            JOIN /* TEMPLATE: schema */river_typed_workflow_task t ON t.job_id = e.dep_job_id
            JOIN /* TEMPLATE: schema */river_job dj ON dj.id = e.dep_job_id
            WHERE e.job_id = j.id AND (dj.metadata -> 'output') IS NOT NULL), '{}'::jsonb))
        """;

    /// <summary>
    /// Inserts a workflow row, its jobs (one row per task, from parallel arrays as <see cref="JobSql.InsertMany"/>),
    /// its task rows and its edges, in one statement. Each job's metadata is the task's metadata merged with
    /// <c>@workflow_meta</c>'s element (<c>workflow_id</c>, <c>task</c>, <c>deps</c>). Edges come as two parallel arrays of
    /// task names (dependent, dependency), joined to the inserted tasks by name. Returns the jobs with their task name.
    /// </summary>
    public const string InsertTemplate = """
        WITH workflow AS (
            INSERT INTO /* TEMPLATE: schema */river_typed_workflow (id, name, task_count, metadata)
            VALUES (@workflow_id, @workflow_name, cardinality(@kinds::text[]), @workflow_metadata::jsonb)
            RETURNING id
        ),
        j AS (
            INSERT INTO /* TEMPLATE: schema */river_job (args, kind, max_attempts, metadata, priority, queue, scheduled_at, state, tags)
            SELECT i.args, i.kind, i.max_attempts, i.metadata || i.workflow_meta, i.priority, i.queue,
                   coalesce(i.scheduled_at, now()), i.state::/* TEMPLATE: schema */river_job_state,
                   CASE WHEN i.tags = '' THEN '{}'::varchar(255)[] ELSE string_to_array(i.tags, ',')::varchar(255)[] END
            FROM unnest(@args::jsonb[], @kinds::text[], @max_attempts::smallint[], @metadata::jsonb[], @workflow_meta::jsonb[],
                        @priorities::smallint[], @queues::text[], @scheduled_at::timestamptz[], @states::text[], @tags::text[])
                 AS i(args, kind, max_attempts, metadata, workflow_meta, priority, queue, scheduled_at, state, tags)
            RETURNING *
        ),
        task AS (
            INSERT INTO /* TEMPLATE: schema */river_typed_workflow_task (job_id, workflow_id, name, on_failure)
            SELECT j.id, (SELECT id FROM workflow), p.name, p.on_failure
            FROM j JOIN unnest(@task_names::text[], @on_failure::text[]) AS p(name, on_failure) ON p.name = j.metadata ->> 'task'
            RETURNING job_id, name
        ),
        edge AS (
            INSERT INTO /* TEMPLATE: schema */river_typed_workflow_edge (dep_job_id, job_id)
            SELECT d.job_id, t.job_id
            FROM unnest(@edge_tasks::text[], @edge_deps::text[]) AS e(task, dep)
            JOIN task t ON t.name = e.task
            JOIN task d ON d.name = e.dep
            RETURNING 1
        )
        SELECT /* TEMPLATE: columns */, j.metadata ->> 'task' FROM j
        """;

    /// <summary>
    /// The tasks of <c>@ids</c> that are final now (<c>fin</c>) and the pending dependents their failure cancels
    /// (<c>doomed</c>: dependents whose policy is <c>cancel</c>, transitively through tasks cancelled the same way).
    /// The state is compared as text so that the planner reads <c>@ids</c> through the primary key: with the state
    /// comparable to an index, statistics taken while few jobs were final (a workflow run's start) made it scan every
    /// final job and test each against the whole array, a cost that grew with the table and the batch.
    /// </summary>
    private const string FinishedAndDoomed = """
        fin AS (
            SELECT j.id, j.state::text AS state FROM /* TEMPLATE: schema */river_job j
            WHERE j.id = ANY(@ids) AND j.state::text IN 
        """ + Final + """

        ),
        doomed(id) AS (
            SELECT e.job_id
            FROM fin
            JOIN /* TEMPLATE: schema */river_typed_workflow_edge e ON e.dep_job_id = fin.id
            JOIN /* TEMPLATE: schema */river_typed_workflow_task t ON t.job_id = e.job_id
            JOIN /* TEMPLATE: schema */river_job dj ON dj.id = e.job_id
            WHERE fin.state <> 'completed' AND t.on_failure = 'cancel' AND dj.state = 'pending'
            UNION
            SELECT e.job_id
            FROM doomed d
            JOIN /* TEMPLATE: schema */river_typed_workflow_edge e ON e.dep_job_id = d.id
            JOIN /* TEMPLATE: schema */river_typed_workflow_task t ON t.job_id = e.job_id
            JOIN /* TEMPLATE: schema */river_job dj ON dj.id = e.job_id
            WHERE t.on_failure = 'cancel' AND dj.state = 'pending'
        )
        """;

    /// <summary>
    /// Step 1 of advancing workflows after the tasks <c>@ids</c> changed state: locks the job row of every dependent it
    /// may touch, then the row of every workflow of <c>@ids</c>, each in id order (see the class remarks). Row locks live
    /// in the rows, not in the server's shared lock table, so a batch of 5,000 completions with 40,000 dependents, or one
    /// root with 10,000 dependents, takes them all (advisory locks, one slot each, ran out of
    /// <c>max_locks_per_transaction</c> and stalled the completer).
    /// The rows are named by arrays (<c>= ANY(ARRAY(…))</c>), not by <c>IN</c> subqueries, so they are read through the
    /// primary keys: <c>doomed</c> is a recursive CTE the planner guesses at thousands of rows when it is almost always
    /// empty, and from that guess it hash-joined a sequential scan of every job and every edge, per completer batch.
    /// </summary>
    public const string AdvanceLockTemplate = "WITH RECURSIVE " + FinishedAndDoomed + """
        ,
        dependents AS (
            SELECT j.id FROM /* TEMPLATE: schema */river_job j
            WHERE j.id = ANY(ARRAY(
                SELECT e.job_id FROM /* TEMPLATE: schema */river_typed_workflow_edge e
                WHERE e.dep_job_id = ANY(ARRAY(SELECT id FROM fin UNION ALL SELECT id FROM doomed))))
            ORDER BY j.id
            FOR UPDATE OF j
        ),
        workflows AS (
            SELECT w.id FROM /* TEMPLATE: schema */river_typed_workflow w
            WHERE w.id = ANY(ARRAY(SELECT t.workflow_id FROM /* TEMPLATE: schema */river_typed_workflow_task t WHERE t.job_id = ANY(@ids)))
            ORDER BY w.id
            FOR UPDATE OF w
        )
        SELECT (SELECT count(*) FROM dependents) + (SELECT count(*) FROM workflows)
        """;

    /// <summary>
    /// Step 2, under the locks of step 1 (a new statement: its snapshot sees every earlier lock holder's commit):
    /// cancels the doomed dependents, marks satisfied the edges whose dependency completed (or failed, or was doomed,
    /// when the dependent's policy is <c>run</c>), and releases every touched pending dependent with no unsatisfied
    /// edge left: to <c>available</c> (or <c>scheduled</c> when its own time is ahead), with its dependencies' outputs
    /// copied into <c>metadata.workflow_outputs</c> by task name; one insert notification per queue. Returns
    /// (job id, new state) of every task it released or cancelled.
    /// A dependent is ready when its unsatisfied edges (this statement's snapshot, read through the edge index on
    /// <c>job_id</c>) are exactly the ones this statement satisfies: their counts are equal (<c>sat</c> holds only
    /// unsatisfied edges, each once). Counting keeps the check linear in the batch; an anti-join of every unsatisfied
    /// edge against <c>sat</c> scanned <c>sat</c> once per edge (a completer batch of 5,000 tasks with 40,000
    /// dependents ran past the command timeout).
    /// </summary>
    public const string AdvanceTemplate = "WITH RECURSIVE " + FinishedAndDoomed + """
        ,
        sat AS (
            SELECT e.dep_job_id, e.job_id
            FROM fin
            JOIN /* TEMPLATE: schema */river_typed_workflow_edge e ON e.dep_job_id = fin.id
            JOIN /* TEMPLATE: schema */river_typed_workflow_task t ON t.job_id = e.job_id
            WHERE NOT e.satisfied AND (fin.state = 'completed' OR t.on_failure = 'run')
            UNION
            SELECT e.dep_job_id, e.job_id
            FROM doomed d
            JOIN /* TEMPLATE: schema */river_typed_workflow_edge e ON e.dep_job_id = d.id
            JOIN /* TEMPLATE: schema */river_typed_workflow_task t ON t.job_id = e.job_id
            WHERE NOT e.satisfied AND t.on_failure = 'run'
        ),
        cancelled AS (
            UPDATE /* TEMPLATE: schema */river_job AS j
            SET state = 'cancelled', finalized_at = now()
            FROM (SELECT DISTINCT id FROM doomed) d
            WHERE j.id = d.id AND j.state = 'pending'
            RETURNING j.id
        ),
        marked AS (
            UPDATE /* TEMPLATE: schema */river_typed_workflow_edge AS e
            SET satisfied = true
            FROM sat
            WHERE e.dep_job_id = sat.dep_job_id AND e.job_id = sat.job_id
            RETURNING e.job_id
        ),
        ready AS (
            SELECT s.job_id AS id
            FROM (SELECT job_id, count(*) AS n FROM sat GROUP BY job_id) s
            JOIN /* TEMPLATE: schema */river_job j ON j.id = s.job_id
            WHERE j.state = 'pending'
              AND s.job_id NOT IN (SELECT id FROM doomed)
              AND (SELECT count(*) FROM /* TEMPLATE: schema */river_typed_workflow_edge w
                   WHERE w.job_id = s.job_id AND NOT w.satisfied) = s.n
        ),
        released AS (
            UPDATE /* TEMPLATE: schema */river_job AS j
            SET state = CASE WHEN j.scheduled_at > now() THEN 'scheduled'::/* TEMPLATE: schema */river_job_state
                             ELSE 'available'::/* TEMPLATE: schema */river_job_state END,
                metadata = j.metadata || 
        """ + OutputsOfJ + """

            FROM ready
            WHERE j.id = ready.id AND j.state = 'pending'
            RETURNING j.id, j.queue, j.state::text AS state
        ),
        notified AS (
            SELECT pg_notify(@channel, json_build_object('queue', q.queue)::text)
            FROM (SELECT DISTINCT queue FROM released WHERE state = 'available') q
        )
        SELECT id, state FROM released
        UNION ALL
        SELECT id, 'cancelled' FROM cancelled
        UNION ALL
        SELECT 0, 'notified' FROM notified
        UNION ALL
        SELECT 0, 'marked' FROM (SELECT count(*) FROM marked) m
        """;

    /// <summary>
    /// Step 3, under the workflow locks of step 1: marks finished every workflow of <c>@ids</c> that has no task left in
    /// a non-final state, once (<c>finished_at</c> set only when null). Returns the workflows finished now.
    /// </summary>
    public const string FinishTemplate = """
        UPDATE /* TEMPLATE: schema */river_typed_workflow AS w
        SET finished_at = now()
        FROM (SELECT DISTINCT t.workflow_id FROM /* TEMPLATE: schema */river_typed_workflow_task t WHERE t.job_id = ANY(@ids)) f
        WHERE w.id = f.workflow_id AND w.finished_at IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM /* TEMPLATE: schema */river_typed_workflow_task t2
              JOIN /* TEMPLATE: schema */river_job j ON j.id = t2.job_id
              WHERE t2.workflow_id = w.id AND j.state NOT IN 
        """ + Final + """
        )
        RETURNING w.id, w.name
        """;

    /// <summary>The columns of a workflow row, in reading order.</summary>
    private const string WorkflowColumns = "w.id, w.name, w.task_count, w.metadata::text, w.created_at, w.finished_at";

    /// <summary>One workflow by id.</summary>
    public const string GetTemplate = "SELECT " + WorkflowColumns + " FROM /* TEMPLATE: schema */river_typed_workflow w WHERE w.id = @id";

    /// <summary>Workflows newest first, after the keyset (<c>@after_created</c>, <c>@after_id</c>) when given, up to <c>@limit</c>.</summary>
    public const string ListTemplate = "SELECT " + WorkflowColumns + """
         FROM /* TEMPLATE: schema */river_typed_workflow w
        WHERE (@after_created::timestamptz IS NULL OR (w.created_at, w.id) < (@after_created::timestamptz, @after_id::text))
          AND (@unfinished_only = false OR w.finished_at IS NULL)
        ORDER BY w.created_at DESC, w.id DESC
        LIMIT @limit
        """;

    /// <summary>
    /// One page of workflows newest first, filtered by <c>@state</c> (all, running, finished, completed, failed): looks at
    /// <c>@scan_limit</c> workflows after the keyset (<c>@after_created</c>, <c>@after_id</c>) at most, in the order of
    /// <c>river_typed_workflow_created_index</c>, and returns up to <c>@limit</c> of them that match. Every row carries how
    /// many were looked at and the last one (columns 6–8); with no match, one row of nulls carries them.
    /// "Failed" is a task discarded or cancelled now (read through the task index by workflow and the job's key).
    /// </summary>
    public const string ListPageTemplate = """
        WITH scanned AS MATERIALIZED (
            SELECT w.id, w.created_at, w.finished_at
            FROM /* TEMPLATE: schema */river_typed_workflow w
            WHERE @after_created::timestamptz IS NULL OR (w.created_at, w.id) < (@after_created::timestamptz, @after_id::text)
            ORDER BY w.created_at DESC, w.id DESC
            LIMIT @scan_limit
        ),
        stats AS (
            SELECT (SELECT count(*) FROM scanned) AS n, l.created_at, l.id
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL (SELECT s.created_at, s.id FROM scanned s ORDER BY s.created_at, s.id LIMIT 1) AS l ON true
        ),
        matched AS (
            SELECT s.id FROM scanned s
            WHERE CASE @state::text
                WHEN 'running' THEN s.finished_at IS NULL
                WHEN 'finished' THEN s.finished_at IS NOT NULL
                WHEN 'failed' THEN EXISTS (
                    SELECT 1 FROM /* TEMPLATE: schema */river_typed_workflow_task t JOIN /* TEMPLATE: schema */river_job j ON j.id = t.job_id
                    WHERE t.workflow_id = s.id AND j.state IN ('discarded', 'cancelled'))
                WHEN 'completed' THEN s.finished_at IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM /* TEMPLATE: schema */river_typed_workflow_task t JOIN /* TEMPLATE: schema */river_job j ON j.id = t.job_id
                    WHERE t.workflow_id = s.id AND j.state IN ('discarded', 'cancelled'))
                ELSE true END
            ORDER BY s.created_at DESC, s.id DESC
            LIMIT @limit
        )
        SELECT 
        """ + WorkflowColumns + """
        , st.n, st.created_at, st.id
        FROM stats st
        LEFT JOIN (matched m JOIN /* TEMPLATE: schema */river_typed_workflow w ON w.id = m.id) ON true
        ORDER BY w.created_at DESC, w.id DESC
        """;

    /// <summary>
    /// The tasks of a workflow in insertion order: the job row, the task name, its failure policy and the names of its
    /// dependencies. One grouped pass over the workflow's edges (every dependency
    /// of a task is in its own workflow: the insert refuses others), so a workflow of 10,000 tasks reads in linear time.
    /// </summary>
    public const string TasksTemplate = """
        SELECT /* TEMPLATE: columns */, t.name, t.on_failure, coalesce(d.names, '{}'::text[])
        FROM /* TEMPLATE: schema */river_typed_workflow_task t
        JOIN /* TEMPLATE: schema */river_job j ON j.id = t.job_id
        LEFT JOIN (
            SELECT e.job_id, array_agg(dt.name ORDER BY dt.name) AS names
            FROM /* TEMPLATE: schema */river_typed_workflow_task dt
            JOIN /* TEMPLATE: schema */river_typed_workflow_edge e ON e.dep_job_id = dt.job_id
            WHERE dt.workflow_id = @id
            GROUP BY e.job_id) d ON d.job_id = t.job_id
        WHERE t.workflow_id = @id
        ORDER BY t.job_id
        """;

    /// <summary>
    /// Cancels every task of a workflow that is not final: not running → <c>cancelled</c> now; running → marked
    /// <c>cancel_attempted_at</c> and asked to cancel on the control channel (the completer then writes it cancelled).
    /// Returns the ids of the tasks it cancelled outright.
    /// </summary>
    public const string CancelTemplate = """
        WITH locked AS (
            SELECT j.id, j.queue, j.state FROM /* TEMPLATE: schema */river_job j
            JOIN /* TEMPLATE: schema */river_typed_workflow_task t ON t.job_id = j.id
            WHERE t.workflow_id = @id AND j.state NOT IN 
        """ + Final + """

            ORDER BY j.id
            FOR UPDATE OF j
        ),
        notification AS (
            SELECT id, state,
                   CASE WHEN state = 'running'
                        THEN pg_notify(@channel, json_build_object('action', 'cancel', 'job_id', id, 'queue', queue)::text)
                   END AS notified
            FROM locked
        ),
        updated AS (
            UPDATE /* TEMPLATE: schema */river_job AS j
            SET state = CASE WHEN j.state = 'running' THEN j.state ELSE 'cancelled'::/* TEMPLATE: schema */river_job_state END,
                finalized_at = CASE WHEN j.state = 'running' THEN j.finalized_at ELSE now() END,
                metadata = jsonb_set(j.metadata, '{cancel_attempted_at}', to_jsonb(now()), true)
            FROM notification AS n
            WHERE j.id = n.id
            RETURNING j.id, n.state::text AS old_state
        )
        SELECT id FROM updated WHERE old_state <> 'running'
        """;

    /// <summary>
    /// The <c>SET</c> list of a retried task (the job aliased <c>j</c>): back to <c>pending</c> when one of its dependency
    /// edges is unsatisfied (released when that dependency completes), else to <c>available</c> now; finalized_at cleared;
    /// a task whose attempts are used up gets one more; a former cancel request removed; its dependencies' outputs copied
    /// in again. Used only after the row was locked by an earlier statement of the same transaction, so the edges it reads
    /// are those of every completer that held the lock before (see <see cref="RetryWorkflowLockTemplate"/>).
    /// </summary>
    internal const string RetrySet = """
        SET state = CASE WHEN EXISTS (SELECT 1 FROM /* TEMPLATE: schema */river_typed_workflow_edge e WHERE e.job_id = j.id AND NOT e.satisfied)
                         THEN 'pending'::/* TEMPLATE: schema */river_job_state
                         ELSE 'available'::/* TEMPLATE: schema */river_job_state END,
            scheduled_at = now(),
            max_attempts = CASE WHEN j.attempt >= j.max_attempts AND j.max_attempts < 32767
                                THEN j.max_attempts + 1 ELSE j.max_attempts END,
            finalized_at = NULL,
            metadata = (j.metadata - 'cancel_attempted_at') || 
        """ + OutputsOfJ;

    /// <summary>
    /// Step 1 of retrying a workflow: locks the job rows of its failed tasks (discarded or cancelled) in id order, then
    /// the workflow row, as a completer locks dependents then workflows (<see cref="AdvanceLockTemplate"/>): the same
    /// order, so the two never deadlock. The update is the next statement (<see cref="RetryWorkflowTemplate"/>), whose
    /// snapshot sees the commit of every completer that held one of these rows before: a dependency that completed
    /// while the retry waited has its edge satisfied, so the task is not sent back to <c>pending</c> for an edge that
    /// nobody will satisfy again.
    /// </summary>
    public const string RetryWorkflowLockTemplate = """
        WITH failed AS (
            SELECT j.id FROM /* TEMPLATE: schema */river_job j
            JOIN /* TEMPLATE: schema */river_typed_workflow_task t ON t.job_id = j.id
            WHERE t.workflow_id = @id AND j.state IN ('cancelled', 'discarded')
            ORDER BY j.id
            FOR UPDATE OF j
        ),
        workflow AS (
            SELECT w.id FROM /* TEMPLATE: schema */river_typed_workflow w WHERE w.id = @id FOR UPDATE
        )
        SELECT (SELECT count(*) FROM failed) + (SELECT count(*) FROM workflow)
        """;

    /// <summary>
    /// Step 2 of retrying a workflow, under the locks of step 1: every failed task (discarded or cancelled) gets
    /// <see cref="RetrySet"/>; the workflow is unfinished again; one insert notification per queue with a task made
    /// available. Returns (id, state) of each task retried.
    /// </summary>
    public const string RetryWorkflowTemplate = """
        WITH failed AS (
            SELECT j.id FROM /* TEMPLATE: schema */river_job j
            JOIN /* TEMPLATE: schema */river_typed_workflow_task t ON t.job_id = j.id
            WHERE t.workflow_id = @id AND j.state IN ('cancelled', 'discarded')
        ),
        unfinished AS (
            UPDATE /* TEMPLATE: schema */river_typed_workflow SET finished_at = NULL WHERE id = @id AND finished_at IS NOT NULL
            RETURNING id
        ),
        updated AS (
            UPDATE /* TEMPLATE: schema */river_job AS j
        """ + "\n" + RetrySet + """

            FROM failed
            WHERE j.id = failed.id AND j.state IN ('cancelled', 'discarded')
            RETURNING j.id, j.queue, j.state::text AS state
        ),
        notified AS (
            SELECT pg_notify(@channel, json_build_object('queue', q.queue)::text)
            FROM (SELECT DISTINCT queue FROM updated WHERE state = 'available') q
        )
        SELECT id, state FROM updated
        UNION ALL
        SELECT 0, 'notified' FROM notified
        UNION ALL
        SELECT 0, 'unfinished' FROM unfinished
        """;

    /// <summary>
    /// The workflow cleaner: deletes up to <c>@max</c> workflows finished before <c>@horizon</c>, oldest first through
    /// <c>river_typed_workflow_finished_index</c>, with their edges (every edge joins two tasks of one workflow, so the
    /// dependent's side finds them all) and their task rows (by the foreign key's cascade). Rows a retry holds are
    /// skipped (<c>SKIP LOCKED</c>): that workflow is unfinished when the retry commits. Leader-fenced. Returns the
    /// workflows deleted. The jobs themselves are River's job cleaner's.
    /// </summary>
    public const string DeleteFinishedTemplate = """
        WITH old AS (
            SELECT w.id FROM /* TEMPLATE: schema */river_typed_workflow w
            WHERE w.finished_at < @horizon AND /* TEMPLATE: leader_fence */
            ORDER BY w.finished_at
            LIMIT @max
            FOR UPDATE SKIP LOCKED
        ),
        edges AS (
            DELETE FROM /* TEMPLATE: schema */river_typed_workflow_edge AS e
            USING /* TEMPLATE: schema */river_typed_workflow_task AS t
            WHERE t.workflow_id IN (SELECT id FROM old) AND e.job_id = t.job_id
            RETURNING 1
        ),
        deleted AS (
            DELETE FROM /* TEMPLATE: schema */river_typed_workflow AS w
            WHERE w.id IN (SELECT id FROM old)
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM deleted)::int, (SELECT count(*) FROM edges)::int
        """;

    public WorkflowSql(SchemaSql sql)
    {
        Insert = sql.Fill(InsertTemplate);
        AdvanceLock = sql.Fill(AdvanceLockTemplate);
        Advance = sql.Fill(AdvanceTemplate);
        Finish = sql.Fill(FinishTemplate);
        Get = sql.Fill(GetTemplate);
        List = sql.Fill(ListTemplate);
        ListPage = sql.Fill(ListPageTemplate);
        Tasks = sql.Fill(TasksTemplate);
        Cancel = sql.Fill(CancelTemplate);
        RetryLock = sql.Fill(RetryWorkflowLockTemplate);
        Retry = sql.Fill(RetryWorkflowTemplate);
        DeleteFinished = sql.Fill(DeleteFinishedTemplate);
    }

    public string Insert { get; }
    public string AdvanceLock { get; }
    public string Advance { get; }
    public string Finish { get; }
    public string Get { get; }
    public string List { get; }
    public string ListPage { get; }
    public string Tasks { get; }
    public string Cancel { get; }
    public string RetryLock { get; }
    public string Retry { get; }
    public string DeleteFinished { get; }
}
