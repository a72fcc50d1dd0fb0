using Npgsql;
using River.Database.Queries;
using River.Workflows;

namespace River;

// Workflows: insert a DAG of tasks atomically; get, list, cancel and retry workflows (docs/workflows.md).
public sealed partial class RiverClient
{
    /// <summary>The most workflows one <see cref="ListWorkflowsAsync(int, bool, CancellationToken)"/> call returns.</summary>
    public const int MaxWorkflowListLimit = 10_000;

    /// <summary>
    /// Inserts a workflow in its own transaction: every task, its dependencies and the workflow row in one statement.
    /// Tasks with dependencies are <see cref="JobState.Pending"/> until their last dependency completes; the others
    /// are available (or scheduled) at once.
    /// </summary>
    /// <exception cref="ArgumentException">The graph is invalid (duplicate or unknown task names, a cycle, no task), a
    /// task is unique, or an option or args are invalid; nothing was written.</exception>
    public Task<WorkflowInsertResult> InsertWorkflowAsync(WorkflowBuilder workflow, CancellationToken cancellationToken = default)
        => InsertWorkflowCoreAsync(workflow, null, cancellationToken);

    /// <summary>Inserts a workflow inside the caller's transaction: it exists only if the caller commits (see <see cref="InsertWorkflowAsync(WorkflowBuilder, CancellationToken)"/>).</summary>
    /// <exception cref="ArgumentException">The graph, a task's options or args are invalid; nothing was written.</exception>
    public Task<WorkflowInsertResult> InsertWorkflowAsync(WorkflowBuilder workflow, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return InsertWorkflowCoreAsync(workflow, transaction, cancellationToken);
    }

    private async Task<WorkflowInsertResult> InsertWorkflowCoreAsync(WorkflowBuilder workflow, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        workflow.Validate();
        if (workflow.Metadata is { } metadata)
        {
            CheckWorkflowMetadata(metadata);
        }
        var connection = transaction is null ? null : ConnectionOf(transaction);
        WorkflowInsertResult? result = null;
        await InsertPipelineAsync(workflow.Tasks.Select(t => t.Request), async (prepared, ct) =>
        {
            if (prepared.Count != workflow.Tasks.Count)
            {
                throw new InvalidOperationException(
                    $"Insert middleware changed the number of jobs of workflow '{workflow.Name}' ({workflow.Tasks.Count} tasks, {prepared.Count} jobs); middleware must keep a workflow's jobs one for one.");
            }
            for (var i = 0; i < prepared.Count; i++)
            {
                if (prepared[i].UniqueKey is not null)
                {
                    throw new ArgumentException(
                        $"Task '{workflow.Tasks[i].Name}' of workflow '{workflow.Name}' is a unique job (kind '{prepared[i].Kind}'); workflow tasks cannot be unique "
                        + "(a skipped duplicate would leave its dependents waiting). Make the whole workflow idempotent with its id instead (WorkflowBuilder(name, id)).",
                        nameof(workflow));
                }
            }
            if (connection is not null)
            {
                result = await WorkflowInserter.InsertAsync(_sql, connection, transaction, workflow, prepared, ct).ConfigureAwait(false);
                return [];
            }
            await using var own = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            result = await WorkflowInserter.InsertAsync(_sql, own, null, workflow, prepared, ct).ConfigureAwait(false);
            foreach (var job in prepared)
            {
                WakeLocal(job);
            }
            return [];
        }, cancellationToken).ConfigureAwait(false);
        return result!;
    }

    private static void CheckWorkflowMetadata(string metadata)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(metadata);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new ArgumentException($"Workflow metadata must be a JSON object, got {doc.RootElement.ValueKind}.", nameof(WorkflowBuilder.Metadata));
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"Workflow metadata must be a JSON object: {e.Message}", nameof(WorkflowBuilder.Metadata), e);
        }
    }

    /// <summary>Reads a workflow with its tasks (job rows, policies, dependency names), or returns <see langword="null"/>.</summary>
    public Task<WorkflowInfo?> GetWorkflowAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WithConnectionAsync(null, (c, t, ct) => GetWorkflowCoreAsync(c, t, id, ct), cancellationToken);
    }

    private async Task<WorkflowInfo?> GetWorkflowCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, CancellationToken cancellationToken)
    {
        WorkflowInfo? info;
        await using (var cmd = new NpgsqlCommand(_sql.Workflows.Get, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            info = ReadWorkflow(reader);
        }
        var tasks = new List<WorkflowTaskInfo>(info.TaskCount);
        await using (var cmd = new NpgsqlCommand(_sql.Workflows.Tasks, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = JobRowReader.Read(reader);
                var c = JobRowReader.ColumnCount;
                tasks.Add(new WorkflowTaskInfo(reader.GetString(c), row, WorkflowInserter.PolicyOf(reader.GetString(c + 1)), reader.GetFieldValue<string[]>(c + 2)));
            }
        }
        return info with { Tasks = tasks };
    }

    /// <summary>Lists workflows newest first (without their tasks), up to <paramref name="limit"/>; <paramref name="unfinishedOnly"/> leaves finished ones out.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not 1 to <see cref="MaxWorkflowListLimit"/>.</exception>
    public Task<IReadOnlyList<WorkflowInfo>> ListWorkflowsAsync(int limit = 100, bool unfinishedOnly = false, CancellationToken cancellationToken = default)
    {
        if (limit < 1 || limit > MaxWorkflowListLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be 1 to {MaxWorkflowListLimit}.");
        }
        return WithConnectionAsync<IReadOnlyList<WorkflowInfo>>(null, async (c, t, ct) =>
        {
            await using var cmd = new NpgsqlCommand(_sql.Workflows.List, c, t);
            cmd.Parameters.Add(new NpgsqlParameter<DateTime?>("after_created", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = null });
            cmd.Parameters.Add(new NpgsqlParameter<string>("after_id", ""));
            cmd.Parameters.Add(new NpgsqlParameter<bool>("unfinished_only", unfinishedOnly));
            cmd.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            var list = new List<WorkflowInfo>();
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                list.Add(ReadWorkflow(reader));
            }
            return list;
        }, cancellationToken);
    }

    /// <summary>
    /// The most workflows one <see cref="ListWorkflowsAsync(WorkflowListOptions, CancellationToken)"/> call looks at:
    /// 5,000 (or the page's limit + 1 when larger), whatever the state filter, so a filter that matches few workflows
    /// answers in bounded time; the result's cursor continues after the last one looked at.
    /// </summary>
    public const int WorkflowListScanLimit = 5_000;

    /// <summary>
    /// Lists one page of workflows newest first (without their tasks), filtered by state, by keyset: pass the result's
    /// <see cref="WorkflowListResult.NextCursor"/> as <see cref="WorkflowListOptions.After"/> for the next page. At most
    /// <see cref="WorkflowListScanLimit"/> workflows are looked at per call (see <see cref="WorkflowListResult.ScanLimited"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not 1 to <see cref="MaxWorkflowListLimit"/>.</exception>
    /// <exception cref="ArgumentException">The state is not a <see cref="WorkflowListState"/>, or the cursor is not one this method returned.</exception>
    public Task<WorkflowListResult> ListWorkflowsAsync(WorkflowListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Limit < 1 || options.Limit > MaxWorkflowListLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Limit, $"WorkflowListOptions.Limit must be 1 to {MaxWorkflowListLimit}.");
        }
        var state = options.State switch
        {
            WorkflowListState.All => "all",
            WorkflowListState.Running => "running",
            WorkflowListState.Finished => "finished",
            WorkflowListState.Completed => "completed",
            WorkflowListState.Failed => "failed",
            _ => throw new ArgumentException($"{options.State} is not a WorkflowListState: use All, Running, Finished, Completed or Failed.", nameof(options)),
        };
        (DateTimeOffset CreatedAt, string Id)? after = options.After is { } cursor ? WorkflowListCursor.Decode(cursor) : null;
        var scan = Math.Max(WorkflowListScanLimit, options.Limit + 1);
        return WithConnectionAsync(null, async (c, t, ct) =>
        {
            await using var cmd = new NpgsqlCommand(_sql.Workflows.ListPage, c, t);
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("after_created", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = after?.CreatedAt });
            cmd.Parameters.Add(new NpgsqlParameter<string>("after_id", after?.Id ?? ""));
            cmd.Parameters.Add(new NpgsqlParameter<string>("state", state));
            cmd.Parameters.Add(new NpgsqlParameter<int>("scan_limit", scan));
            cmd.Parameters.Add(new NpgsqlParameter<int>("limit", options.Limit + 1));
            var list = new List<WorkflowInfo>();
            long scanned = 0;
            string? lastScanned = null;
            await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    scanned = reader.GetInt64(6);
                    lastScanned = reader.IsDBNull(7) ? null : WorkflowListCursor.Encode(reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8));
                    if (!reader.IsDBNull(0))
                    {
                        list.Add(ReadWorkflow(reader));
                    }
                }
            }
            if (list.Count > options.Limit)
            {
                list.RemoveAt(list.Count - 1);
                return new WorkflowListResult(list, WorkflowListCursor.Encode(list[^1].CreatedAt, list[^1].Id), false);
            }
            // Fewer matches than asked: either every workflow after the cursor was looked at, or the scan stopped at its limit.
            return scanned >= scan ? new WorkflowListResult(list, lastScanned, true) : new WorkflowListResult(list, null, false);
        }, cancellationToken);
    }

    private static WorkflowInfo ReadWorkflow(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), []);

    /// <summary>
    /// Cancels every task of a workflow that has not reached a final state: waiting and queued tasks at once, running
    /// ones through their cancellation token (their outcome is written cancelled). Dependents are handled by their
    /// failure policies in the same transaction. Returns how many tasks were cancelled at once.
    /// </summary>
    /// <exception cref="RiverNotFoundException">No workflow has that id.</exception>
    public async Task<int> CancelWorkflowAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await EnsureWorkflowAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        var cancelled = new List<long>();
        await using (var cmd = new NpgsqlCommand(_sql.Workflows.Cancel, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            cmd.Parameters.Add(new NpgsqlParameter<string>("channel", _sql.ControlChannel));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                cancelled.Add(reader.GetInt64(0));
            }
        }
        WorkflowAdvanceResult? advanced = null;
        if (cancelled.Count > 0)
        {
            advanced = await WorkflowAdvance.RunAsync(_sql, connection, transaction, [.. cancelled], cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        OnWorkflowsAdvanced(advanced);
        return cancelled.Count;
    }

    /// <summary>
    /// After a single job was cancelled at once (<paramref name="changed"/>, now <see cref="JobState.Cancelled"/>): when it
    /// is a workflow task, applies its dependents' failure policies in <paramref name="transaction"/>, as the completer
    /// does for a cancelled outcome. Null for any other job (nothing run).
    /// </summary>
    private async Task<WorkflowAdvanceResult?> AdvanceCancelledTaskAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, JobRow row, bool changed,
        CancellationToken cancellationToken)
    {
        if (!changed || row.State != JobState.Cancelled || !WorkflowMetadata.IsTask(row.Metadata))
        {
            return null;
        }
        return await WorkflowAdvance.RunAsync(_sql, connection, transaction, [row.Id], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a committed advance of this client's own (a cancel): wakes the producers when tasks were released (their
    /// insert notification may come later, or never in poll-only mode) and publishes the finished workflows.
    /// </summary>
    private void OnWorkflowsAdvanced(WorkflowAdvanceResult? advanced)
    {
        if (advanced is null)
        {
            return;
        }
        if (advanced.Changed.Count > 0)
        {
            foreach (var producer in _producers.Values)
            {
                producer.Wake();
            }
        }
        WorkflowAdvanceResult.PublishFinished(_events, advanced.Finished);
    }

    /// <summary>
    /// Retries the failed tasks (discarded or cancelled) of a workflow: each goes back to <see cref="JobState.Available"/>,
    /// or to <see cref="JobState.Pending"/> when a dependency of its has not completed yet (it is released when that one
    /// completes); a task whose attempts are used up gets one more. The workflow continues from there. Returns how many
    /// tasks were retried.
    /// </summary>
    /// <exception cref="RiverNotFoundException">No workflow has that id.</exception>
    public async Task<int> RetryWorkflowAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await EnsureWorkflowAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        var retried = 0;
        // Lock first, update in the next statement: its snapshot sees every completer that held a retried row (WorkflowSql.RetryWorkflowLockTemplate).
        await using (var lockCommand = new NpgsqlCommand(_sql.Workflows.RetryLock, connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<string>("id", id));
            await lockCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var cmd = new NpgsqlCommand(_sql.Workflows.Retry, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            cmd.Parameters.Add(new NpgsqlParameter<string>("channel", _sql.InsertChannel));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.GetInt64(0) != 0)
                {
                    retried++;
                }
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var producer in _producers.Values)
        {
            producer.Wake();
        }
        return retried;
    }

    private async Task EnsureWorkflowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(_sql.Workflows.Get, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new RiverNotFoundException($"No workflow has id '{id}'.");
        }
    }
}
