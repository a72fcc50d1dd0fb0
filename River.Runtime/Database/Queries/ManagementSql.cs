namespace River.Database.Queries;

/// <summary>
/// The statements of the job and queue management API (<c>RiverClient.Jobs.cs</c>, <c>RiverClient.Queues.cs</c>),
/// the producer's queue report and the test helpers. Same conventions as <see cref="JobSql"/>: <c>/* TEMPLATE: schema */</c> is the
/// schema prefix, <c>/* TEMPLATE: columns */</c> the <see cref="JobRow"/> columns, every value a parameter. Statements built at
/// run time (list, delete-many) are assembled only from the fixed fragments below, chosen by enum values and by
/// which filters are set.
/// </summary>
internal static class ManagementSql
{
    /// <summary>
    /// Cancels one job (River's JobCancel). A job not yet finalized and not running becomes <c>cancelled</c> with
    /// <c>finalized_at</c> = now. A running job keeps its state; the NOTIFY on the control channel (same statement,
    /// so same transaction) asks the client running it to cancel its token, and the completer turns its outcome
    /// into <c>cancelled</c>. Both get <c>metadata.cancel_attempted_at</c> (the rescuer reads it too). A finalized
    /// job is returned unchanged. No row: the job does not exist. The last column says whether the row changed.
    /// </summary>
    /// <remarks>
    /// The <c>notification</c> CTE calls a volatile function, so PostgreSQL materializes it (never inlines it) and,
    /// being referenced by the update, it always runs.
    /// </remarks>
    public const string CancelJob = """
        WITH locked AS (
            SELECT id, queue, state FROM /* TEMPLATE: schema */river_job WHERE id = @id AND finalized_at IS NULL FOR UPDATE
        ),
        notification AS (
            SELECT id,
                   CASE WHEN state = 'running'
                        THEN pg_notify(@channel, json_build_object('action', 'cancel', 'job_id', id, 'queue', queue)::text)
                   END AS notified
            FROM locked
        ),
        updated AS (
            UPDATE /* TEMPLATE: schema */river_job AS j
            SET state = CASE WHEN j.state = 'running' THEN j.state ELSE 'cancelled'::/* TEMPLATE: schema */river_job_state END,
                finalized_at = CASE WHEN j.state = 'running' THEN j.finalized_at ELSE now() END,
                metadata = jsonb_set(j.metadata, '{cancel_attempted_at}', @cancel_attempted_at::jsonb, true)
            FROM notification AS n
            WHERE j.id = n.id
            RETURNING /* TEMPLATE: columns */
        )
        SELECT /* TEMPLATE: columns */, false AS changed FROM /* TEMPLATE: schema */river_job AS j WHERE j.id = @id AND j.id NOT IN (SELECT id FROM updated)
        UNION ALL
        SELECT *, true FROM updated
        """;

    /// <summary>
    /// Step 1 of retrying one job: locks its row and, when it is a workflow task, its workflow's row (the order a
    /// completer takes them in, <see cref="WorkflowSql.AdvanceLockTemplate"/>). The update is the next statement of the
    /// same transaction (<see cref="RetryJob"/>), so it reads the edges of every completer that held the row before.
    /// </summary>
    public const string RetryJobLock = """
        WITH locked AS (
            SELECT id FROM /* TEMPLATE: schema */river_job WHERE id = @id FOR UPDATE
        ),
        workflow AS (
            SELECT w.id FROM /* TEMPLATE: schema */river_typed_workflow w
            WHERE w.id = (SELECT t.workflow_id FROM /* TEMPLATE: schema */river_typed_workflow_task t WHERE t.job_id = @id)
            FOR UPDATE
        )
        SELECT (SELECT count(*) FROM locked) + (SELECT count(*) FROM workflow)
        """;

    /// <summary>
    /// Step 2 of retrying one job (River's JobRetry), under the locks of <see cref="RetryJobLock"/>: back to
    /// <c>available</c> now, <c>finalized_at</c> cleared, attempt and errors kept; a job whose attempts are used up gets
    /// one more (<c>max_attempts + 1</c>, capped at the smallint limit); a former cancel request
    /// (<c>metadata.cancel_attempted_at</c>) is removed so the new run is not cancelled by it. A running job, and an
    /// available job already due, are returned unchanged.
    /// A workflow task (a row of <c>river_typed_workflow_task</c>) keeps its dependencies: it gets
    /// <see cref="WorkflowSql.RetrySet"/> (back to <c>pending</c> while a dependency has not completed), a pending task is
    /// returned unchanged (it is waiting already), and a finished workflow is unfinished again. A task whose policy is
    /// cancel and one of whose dependencies failed (discarded or cancelled, edge unsatisfied) is returned unchanged with
    /// that dependency's task name and state in the last column: it would only be cancelled again, so the caller is
    /// told to retry the dependency first. Columns: the job, whether it changed, the blocking dependency or null.
    /// </summary>
    public const string RetryJob = """
        WITH task AS (
            SELECT t.job_id, t.workflow_id,
                   (SELECT dt.name || ' (' || dj.state::text || ')'
                    FROM /* TEMPLATE: schema */river_typed_workflow_edge e
                    JOIN /* TEMPLATE: schema */river_job dj ON dj.id = e.dep_job_id
                    JOIN /* TEMPLATE: schema */river_typed_workflow_task dt ON dt.job_id = e.dep_job_id
                    WHERE e.job_id = t.job_id AND NOT e.satisfied AND t.on_failure = 'cancel' AND dj.state IN ('cancelled', 'discarded')
                    ORDER BY dt.name LIMIT 1) AS blocked_by
            FROM /* TEMPLATE: schema */river_typed_workflow_task t WHERE t.job_id = @id
        ),
        plain AS (
            UPDATE /* TEMPLATE: schema */river_job AS j
            SET state = 'available',
                scheduled_at = now(),
                max_attempts = CASE WHEN j.attempt >= j.max_attempts AND j.max_attempts < 32767
                                    THEN j.max_attempts + 1 ELSE j.max_attempts END,
                finalized_at = NULL,
                metadata = j.metadata - 'cancel_attempted_at'
            WHERE j.id = @id
              AND NOT EXISTS (SELECT 1 FROM task)
              AND j.state <> 'running'
              AND NOT (j.state = 'available' AND j.scheduled_at <= now())
            RETURNING /* TEMPLATE: columns */
        ),
        of_workflow AS (
            UPDATE /* TEMPLATE: schema */river_job AS j
        """ + "\n" + WorkflowSql.RetrySet + """

            FROM task
            WHERE j.id = task.job_id AND task.blocked_by IS NULL
              AND j.state NOT IN ('running', 'pending')
              AND NOT (j.state = 'available' AND j.scheduled_at <= now())
            RETURNING /* TEMPLATE: columns */
        ),
        unfinished AS (
            UPDATE /* TEMPLATE: schema */river_typed_workflow AS w
            SET finished_at = NULL
            FROM task
            WHERE w.id = task.workflow_id AND w.finished_at IS NOT NULL AND EXISTS (SELECT 1 FROM of_workflow)
            RETURNING w.id
        ),
        updated AS (
            SELECT * FROM plain UNION ALL SELECT * FROM of_workflow
        )
        SELECT /* TEMPLATE: columns */, false AS changed, (SELECT blocked_by FROM task) AS blocked_by
        FROM /* TEMPLATE: schema */river_job AS j WHERE j.id = @id AND j.id NOT IN (SELECT id FROM updated)
        UNION ALL
        SELECT *, true, NULL FROM updated
        """;

    /// <summary>
    /// Deletes one job unless it is running (River's JobDelete) or a workflow task not in a final state (its
    /// dependents would wait for it forever, and its workflow would never finish). Returns the row, whether it was
    /// deleted, and the workflow id of a task that kept it (null otherwise); a running job comes back undeleted; no
    /// row: the job does not exist.
    /// </summary>
    public const string DeleteJob = """
        WITH locked AS (
            SELECT id, state FROM /* TEMPLATE: schema */river_job WHERE id = @id FOR UPDATE
        ),
        workflow AS (
            SELECT t.workflow_id AS id FROM /* TEMPLATE: schema */river_typed_workflow_task t
            JOIN locked ON locked.id = t.job_id
            WHERE locked.state NOT IN ('completed', 'cancelled', 'discarded')
        ),
        deleted AS (
            DELETE FROM /* TEMPLATE: schema */river_job AS j
            USING locked
            WHERE j.id = locked.id AND j.state <> 'running' AND NOT EXISTS (SELECT 1 FROM workflow)
            RETURNING /* TEMPLATE: columns */
        )
        SELECT /* TEMPLATE: columns */, false AS changed, (SELECT id FROM workflow) FROM /* TEMPLATE: schema */river_job AS j WHERE j.id = @id AND j.id NOT IN (SELECT id FROM deleted)
        UNION ALL
        SELECT *, true, NULL FROM deleted
        """;

    /// <summary>The head of a job list; filters, keyset condition, order and limit follow.</summary>
    public const string ListHead = "SELECT /* TEMPLATE: columns */ FROM /* TEMPLATE: schema */river_job AS j WHERE true";

    /// <summary>
    /// The head of a delete-many; running jobs are never deleted, nor workflow tasks not in a final state (see
    /// <see cref="DeleteJob"/>). Filters follow.
    /// </summary>
    public const string DeleteManyHead = """
        DELETE FROM /* TEMPLATE: schema */river_job AS j WHERE j.state <> 'running'
          AND (j.state IN ('completed', 'cancelled', 'discarded')
               OR NOT EXISTS (SELECT 1 FROM /* TEMPLATE: schema */river_typed_workflow_task t WHERE t.job_id = j.id))
        """;

    // Filter fragments, appended in this order when the matching filter is set.
    public const string FilterIds = " AND j.id = ANY(@ids)";
    public const string FilterKinds = " AND j.kind = ANY(@kinds)";
    public const string FilterQueues = " AND j.queue = ANY(@queues)";
    /// <summary>
    /// The states filter's head: the states follow as literals, <c>'running', 'retryable')</c>, written from the enum
    /// (never from user text). Literals, not a parameter cast to the enum array: the planner then knows which states are
    /// asked for, uses their statistics, and reads the indexes leading with <c>state</c> (a rare state is a short range
    /// there), where behind a cast it guesses and walks the primary key through the whole table.
    /// </summary>
    public const string FilterStatesHead = " AND j.state IN (";
    /// <summary>The states filter of an empty set: no job.</summary>
    public const string FilterNoState = " AND false";
    public const string FilterPriorities = " AND j.priority = ANY(@priorities)";
    public const string FilterTagsAll = " AND j.tags @> @tags_all::varchar(255)[]";
    public const string FilterTagsAny = " AND j.tags && @tags_any::varchar(255)[]";
    public const string FilterMetadata = " AND j.metadata @> @metadata::jsonb";
    public const string FilterArgs = " AND j.args @> @args::jsonb";
    /// <summary>The client of the latest attempt (the last element of <c>attempted_by</c>, as the fleet's statements read it).</summary>
    public const string FilterAttemptedBy = " AND j.attempted_by[array_length(j.attempted_by, 1)] = ANY(@attempted_by)";
    public const string FilterCreatedAfter = " AND j.created_at >= @created_after";
    public const string FilterCreatedBefore = " AND j.created_at < @created_before";

    // A list by finalized time: one branch per finalized state (the state's name follows the branch head), merged.
    public const string ListByFinalizedHead = "SELECT /* TEMPLATE: columns */ FROM (";
    public const string ListByFinalizedBranch = "SELECT j.* FROM /* TEMPLATE: schema */river_job AS j WHERE j.finalized_at IS NOT NULL AND j.state = '";
    public const string ListByFinalizedNone = "SELECT j.* FROM /* TEMPLATE: schema */river_job AS j WHERE false";
    public const string ListByFinalizedFoot = ") AS j";

    // Keyset conditions: strictly after the cursor's (key, id) in the list's direction.
    public const string AfterIdAscending = " AND j.id > @cursor_id";
    public const string AfterIdDescending = " AND j.id < @cursor_id";
    public const string AfterCreatedAscending = " AND (j.created_at, j.id) > (@cursor_time, @cursor_id)";
    public const string AfterCreatedDescending = " AND (j.created_at, j.id) < (@cursor_time, @cursor_id)";
    public const string AfterScheduledAscending = " AND (j.scheduled_at, j.id) > (@cursor_time, @cursor_id)";
    public const string AfterScheduledDescending = " AND (j.scheduled_at, j.id) < (@cursor_time, @cursor_id)";
    public const string AfterFinalizedAscending = " AND (j.finalized_at, j.id) > (@cursor_time, @cursor_id)";
    public const string AfterFinalizedDescending = " AND (j.finalized_at, j.id) < (@cursor_time, @cursor_id)";

    // Orders; the id breaks ties so the order is total and the keyset exact.
    public const string OrderIdAscending = " ORDER BY j.id ASC";
    public const string OrderIdDescending = " ORDER BY j.id DESC";
    public const string OrderCreatedAscending = " ORDER BY j.created_at ASC, j.id ASC";
    public const string OrderCreatedDescending = " ORDER BY j.created_at DESC, j.id DESC";
    public const string OrderScheduledAscending = " ORDER BY j.scheduled_at ASC, j.id ASC";
    public const string OrderScheduledDescending = " ORDER BY j.scheduled_at DESC, j.id DESC";
    public const string OrderFinalizedAscending = " ORDER BY j.finalized_at ASC, j.id ASC";
    public const string OrderFinalizedDescending = " ORDER BY j.finalized_at DESC, j.id DESC";

    public const string Limit = " LIMIT @limit";

    /// <summary>The columns of a <see cref="QueueRow"/>, in the order <c>ReadQueue</c> reads them.</summary>
    public const string QueueColumns = "q.name, q.created_at, q.metadata::text, q.paused_at, q.updated_at";

    /// <summary>Reads one queue row.</summary>
    public const string GetQueue = "SELECT /* TEMPLATE: queue_columns */ FROM /* TEMPLATE: schema */river_queue AS q WHERE q.name = @name";

    /// <summary>Lists queue rows by name, after <c>@after</c> (empty string: from the start).</summary>
    public const string ListQueues = "SELECT /* TEMPLATE: queue_columns */ FROM /* TEMPLATE: schema */river_queue AS q WHERE q.name > @after ORDER BY q.name LIMIT @limit";

    /// <summary>
    /// Pauses one queue, or every queue when <c>@name</c> is <c>*</c> (River's QueuePause); pausing a paused queue
    /// changes nothing. Returns how many rows matched and sends <c>{"action":"pause","queue":name}</c> on the control
    /// channel when any did.
    /// </summary>
    public const string PauseQueue = """
        WITH updated AS (
            UPDATE /* TEMPLATE: schema */river_queue
            SET paused_at = CASE WHEN paused_at IS NULL THEN now() ELSE paused_at END,
                updated_at = CASE WHEN paused_at IS NULL THEN now() ELSE updated_at END
            WHERE @name = '*' OR name = @name
            RETURNING name
        ),
        counted AS (SELECT count(*) AS n FROM updated)
        SELECT n, CASE WHEN n > 0 THEN pg_notify(@channel, json_build_object('action', 'pause', 'queue', @name::text)::text) END
        FROM counted
        """;

    /// <summary>Resumes one queue, or every queue for <c>*</c> (River's QueueResume); like <see cref="PauseQueue"/>.</summary>
    public const string ResumeQueue = """
        WITH updated AS (
            UPDATE /* TEMPLATE: schema */river_queue
            SET paused_at = NULL,
                updated_at = CASE WHEN paused_at IS NOT NULL THEN now() ELSE updated_at END
            WHERE @name = '*' OR name = @name
            RETURNING name
        ),
        counted AS (SELECT count(*) AS n FROM updated)
        SELECT n, CASE WHEN n > 0 THEN pg_notify(@channel, json_build_object('action', 'resume', 'queue', @name::text)::text) END
        FROM counted
        """;

    /// <summary>
    /// Replaces a queue's metadata and sends <c>{"action":"metadata_changed","queue":name}</c> when the row exists.
    /// No row: the queue does not exist.
    /// </summary>
    public const string UpdateQueueMetadata = """
        WITH updated AS (
            UPDATE /* TEMPLATE: schema */river_queue AS q
            SET metadata = @metadata::jsonb, updated_at = now()
            WHERE q.name = @name
            RETURNING /* TEMPLATE: queue_columns */
        )
        SELECT u.*, pg_notify(@channel, json_build_object('action', 'metadata_changed', 'queue', u.name)::text)
        FROM updated AS u
        """;

    /// <summary>
    /// The producer's poll-cycle query (at most once per poll interval). With <c>@report</c> it upserts the queue's
    /// row the way River's producer does (created on first report, <c>updated_at</c> refreshed after, <c>paused_at</c>
    /// and metadata untouched). Returns whether the queue is paused and which of <c>@running</c> (the jobs this
    /// producer runs) were asked to cancel (<c>metadata.cancel_attempted_at</c>): the poll-only path of remote cancel;
    /// and whether the queue has flow rules (<see cref="FlowSql.QueueHasRules"/>), which switch its fetch to <see cref="FlowSql.Fetch"/>.
    /// </summary>
    public const string ProducerPoll = """
        WITH upsert AS (
            INSERT INTO /* TEMPLATE: schema */river_queue AS q (created_at, metadata, name, paused_at, updated_at)
            SELECT now(), '{}'::jsonb, @queue, NULL, now() WHERE @report
            ON CONFLICT (name) DO UPDATE SET updated_at = EXCLUDED.updated_at
            RETURNING q.paused_at
        )
        SELECT coalesce((SELECT paused_at IS NOT NULL FROM upsert),
                        (SELECT paused_at IS NOT NULL FROM /* TEMPLATE: schema */river_queue WHERE name = @queue),
                        false),
               ARRAY(SELECT id FROM /* TEMPLATE: schema */river_job
                     WHERE id = ANY(@running) AND state = 'running' AND metadata ? 'cancel_attempted_at'),
        """ + FlowSql.QueueHasRules;
}
