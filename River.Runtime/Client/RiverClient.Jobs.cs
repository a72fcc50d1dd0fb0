using System.Globalization;
using Npgsql;
using River.Database.Queries;
using River.Workflows;

namespace River;

// Job management: get, list, cancel, retry, delete, delete-many. Every call has a variant that runs inside the
// caller's transaction (its effects, including notifications, then commit or roll back with it).
public sealed partial class RiverClient
{
    internal ManagementStatements Management => _sql.Management;

    /// <summary>Reads a job by id, or returns <see langword="null"/>.</summary>
    public async Task<JobRow?> GetJobAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand(_sql.GetById);
        cmd.Parameters.Add(new NpgsqlParameter<long>("id", id));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? JobRowReader.Read(reader) : null;
    }

    /// <summary>Reads a job by id inside <paramref name="transaction"/> (it sees the transaction's own changes), or returns <see langword="null"/>.</summary>
    public Task<JobRow?> GetJobAsync(long id, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => GetJobCoreAsync(c, t, id, ct), cancellationToken);

    private async Task<JobRow?> GetJobCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(_sql.GetById, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<long>("id", id));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? JobRowReader.Read(reader) : null;
    }

    /// <summary>
    /// Lists jobs matching <paramref name="parameters"/>' filters in its order, one page at a time (keyset pagination:
    /// pass <see cref="JobListResult.NextCursor"/> as <see cref="JobListOptions.After"/> for the next page).
    /// </summary>
    /// <exception cref="ArgumentException">A filter, the limit or the cursor is invalid; the message names it.</exception>
    public Task<JobListResult> ListJobsAsync(JobListOptions parameters, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, (c, t, ct) => ListJobsCoreAsync(c, t, parameters, ct), cancellationToken, () => CheckList(parameters));

    /// <summary>Lists jobs inside <paramref name="transaction"/> (see <see cref="ListJobsAsync(JobListOptions, CancellationToken)"/>).</summary>
    public Task<JobListResult> ListJobsAsync(JobListOptions parameters, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => ListJobsCoreAsync(c, t, parameters, ct), cancellationToken, () => CheckList(parameters));

    private static void CheckList(JobListOptions parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        if (parameters.After is { } after)
        {
            JobListCursor.Decode(after, parameters.OrderBy);
        }
    }

    private async Task<JobListResult> ListJobsCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, JobListOptions parameters, CancellationToken cancellationToken)
    {
        var after = parameters.After is { } cursor ? JobListCursor.Decode(cursor, parameters.OrderBy) : ((DateTimeOffset, long)?)null;
        await using var cmd = new NpgsqlCommand(null, connection, transaction);
        cmd.CommandText = JobFilterSql.BuildList(_sql, cmd.Parameters, parameters, after);
        var jobs = new List<JobRow>(Math.Min(parameters.Limit, 1024));
        var more = false;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (jobs.Count == parameters.Limit)
                {
                    more = true;
                    break;
                }
                jobs.Add(JobRowReader.Read(reader));
            }
        }
        return new JobListResult(jobs, more ? JobListCursor.Encode(jobs[^1], parameters.OrderBy) : null);
    }

    /// <summary>
    /// Cancels a job. A job that is not running and not finalized becomes <see cref="JobState.Cancelled"/> at once.
    /// A running job is flagged (<c>metadata.cancel_attempted_at</c>) and the client running it is told through the
    /// control channel (<c>{"action":"cancel","job_id":…,"queue":…}</c>) to cancel the worker's token, or sees the flag
    /// on its next poll; whatever the attempt then returns, the job ends cancelled. A finalized job is returned unchanged.
    /// </summary>
    /// <remarks>
    /// A workflow task cancelled at once applies its dependents' failure policies in the same transaction, as a cancel
    /// of the whole workflow does: dependents with <see cref="WorkflowFailurePolicy.Cancel"/> are cancelled (transitively),
    /// those with <see cref="WorkflowFailurePolicy.RunAnyway"/> are released once their other dependencies completed, those
    /// with <see cref="WorkflowFailurePolicy.Wait"/> keep waiting for a retry. A running task applies them when its
    /// cancelled outcome is written.
    /// </remarks>
    /// <returns>The job after the call (still <see cref="JobState.Running"/> for a running job).</returns>
    /// <exception cref="RiverNotFoundException">No job has this id.</exception>
    public async Task<JobRow> CancelJobAsync(long id, CancellationToken cancellationToken = default)
    {
        // One transaction: a workflow task's dependents change with it, or nothing does.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var (row, changed, _) = await ChangeJobAsync(connection, transaction, Management.CancelJob, id, cancel: true, cancellationToken).ConfigureAwait(false);
        var advanced = await AdvanceCancelledTaskAsync(connection, transaction, row, changed, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        OnWorkflowsAdvanced(advanced);
        if (changed && row.State == JobState.Running && _producers.TryGetValue(row.Queue, out var producer))
        {
            // Committed, and this client may be the one running it: no need to wait for the notification.
            producer.CancelRunningJob(row.Id);
        }
        return row;
    }

    /// <summary>
    /// Cancels a job inside <paramref name="transaction"/> (see <see cref="CancelJobAsync(long, CancellationToken)"/>);
    /// the cancel notification is delivered when the transaction commits. A workflow task's dependents follow their
    /// failure policies in the same transaction; a workflow this finishes publishes no
    /// <see cref="RiverEventKind.WorkflowFinished"/> event (the commit is the caller's, after this call).
    /// </summary>
    public async Task<JobRow> CancelJobAsync(long id, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => await WithConnectionAsync(transaction, async (c, t, ct) =>
        {
            var (row, changed, _) = await ChangeJobAsync(c, t, Management.CancelJob, id, cancel: true, ct).ConfigureAwait(false);
            await AdvanceCancelledTaskAsync(c, t, row, changed, ct).ConfigureAwait(false);
            return row;
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Makes a job available to run again now: <c>finalized_at</c> is cleared, the attempt count and errors are kept,
    /// and a job that has used all its attempts gets one more (<c>max_attempts + 1</c>). A running job, and an
    /// available job that is already due, are returned unchanged.
    /// </summary>
    /// <remarks>
    /// A workflow task keeps its dependencies: it goes back to <see cref="JobState.Pending"/> while one of them has not
    /// completed (it is released when that one completes), a pending task is returned unchanged, and a finished
    /// workflow is unfinished again. A task cancelled because a dependency failed is refused while that dependency is
    /// still discarded or cancelled (it would be cancelled again): retry the dependency first, or the whole workflow
    /// with <see cref="RetryWorkflowAsync(string, CancellationToken)"/>.
    /// </remarks>
    /// <returns>The job after the call.</returns>
    /// <exception cref="RiverNotFoundException">No job has this id.</exception>
    /// <exception cref="InvalidOperationException">The job is unique and another job with its unique key is live; or it
    /// is a workflow task whose failed dependency must be retried first (the message names it).</exception>
    public async Task<JobRow> RetryJobAsync(long id, CancellationToken cancellationToken = default)
    {
        var row = await WithConnectionAsync(null, (c, t, ct) => RetryJobCoreAsync(c, t, id, ct), cancellationToken).ConfigureAwait(false);
        if (row.State == JobState.Available && _producers.TryGetValue(row.Queue, out var producer))
        {
            producer.Wake();
        }
        return row;
    }

    /// <summary>Retries a job inside <paramref name="transaction"/> (see <see cref="RetryJobAsync(long, CancellationToken)"/>).</summary>
    /// <exception cref="RiverNotFoundException">No job has this id.</exception>
    /// <exception cref="InvalidOperationException">The job is unique and another job with its unique key is live; or it
    /// is a workflow task whose failed dependency must be retried first (the message names it).</exception>
    public Task<JobRow> RetryJobAsync(long id, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => RetryJobCoreAsync(c, t, id, ct), cancellationToken);

    /// <summary>
    /// The lock and the update of <see cref="ManagementSql.RetryJob"/> as one batch: two statements of one transaction
    /// (the caller's, or the batch's implicit one), so the update's snapshot sees every completer that held the row.
    /// </summary>
    private async Task<JobRow> RetryJobCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var lockCommand = new NpgsqlBatchCommand(Management.RetryJobLock);
        lockCommand.Parameters.Add(new NpgsqlParameter<long>("id", id));
        batch.BatchCommands.Add(lockCommand);
        var update = new NpgsqlBatchCommand(Management.RetryJob);
        update.Parameters.Add(new NpgsqlParameter<long>("id", id));
        batch.BatchCommands.Add(update);
        JobRow row;
        string? blockedBy;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new RiverNotFoundException($"No job has id {id.ToString(CultureInfo.InvariantCulture)}.");
            }
            row = JobRowReader.Read(reader);
            blockedBy = reader.IsDBNull(JobRowReader.ColumnCount + 1) ? null : reader.GetString(JobRowReader.ColumnCount + 1);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException(
                $"Job {id.ToString(CultureInfo.InvariantCulture)} cannot be made available again: another job with the same unique key is in one of its unique states ({e.MessageText}).", e);
        }
        if (blockedBy is not null)
        {
            throw new InvalidOperationException(
                $"Job {id.ToString(CultureInfo.InvariantCulture)} is task '{WorkflowMetadata.TaskOf(row.Metadata)}' of workflow '{WorkflowMetadata.WorkflowIdOf(row.Metadata)}', and its "
                + $"dependency '{blockedBy}' has not completed: retried now it would only be cancelled again. Retry that dependency first (this task follows "
                + "when it completes), or retry the whole workflow with RetryWorkflowAsync.");
        }
        return row;
    }

    /// <summary>Deletes a job that is not running; a workflow task only once it is in a final state (completed, cancelled or discarded).</summary>
    /// <returns>The deleted job as it was.</returns>
    /// <exception cref="RiverNotFoundException">No job has this id.</exception>
    /// <exception cref="RiverJobRunningException">The job is running; cancel it first or wait until it finishes.</exception>
    /// <exception cref="InvalidOperationException">The job is a workflow task that has not reached a final state (its
    /// dependents would wait for it forever); cancel it first (its dependents then follow their failure policies), then delete it.</exception>
    public Task<JobRow> DeleteJobAsync(long id, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, (c, t, ct) => DeleteJobCoreAsync(c, t, id, ct), cancellationToken);

    /// <summary>Deletes a job that is not running, inside <paramref name="transaction"/> (see <see cref="DeleteJobAsync(long, CancellationToken)"/>).</summary>
    public Task<JobRow> DeleteJobAsync(long id, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => DeleteJobCoreAsync(c, t, id, ct), cancellationToken);

    private async Task<JobRow> DeleteJobCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        var (row, deleted, workflow) = await ChangeJobAsync(connection, transaction, Management.DeleteJob, id, cancel: false, cancellationToken).ConfigureAwait(false);
        if (!deleted && workflow is not null && row.State != JobState.Running)
        {
            throw new InvalidOperationException(
                $"Job {id.ToString(CultureInfo.InvariantCulture)} is task '{WorkflowMetadata.TaskOf(row.Metadata)}' of workflow '{workflow}' and is {JobStateNames.ToDb(row.State)}: "
                + "deleted now, its dependents would wait for it forever. Cancel it first (CancelJobAsync; its dependents then follow their failure policies), then delete it.");
        }
        if (!deleted)
        {
            throw new RiverJobRunningException(
                $"Job {id} (kind '{row.Kind}', queue '{row.Queue}') is running and cannot be deleted; cancel it first or wait until it finishes.", row);
        }
        return row;
    }

    /// <summary>
    /// Deletes every job matching the filters of <paramref name="parameters"/>, except running jobs and workflow tasks not
    /// in a final state (never deleted: see <see cref="DeleteJobAsync(long, CancellationToken)"/>).
    /// With no filter set the call is refused unless <see cref="JobDeleteManyOptions.AllowEmptyFilter"/> is set.
    /// </summary>
    /// <returns>How many jobs were deleted.</returns>
    /// <exception cref="ArgumentException">No filter is set (and empty filters are not allowed), or a filter is invalid.</exception>
    public Task<long> DeleteManyAsync(JobDeleteManyOptions parameters, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, (c, t, ct) => DeleteManyCoreAsync(c, t, parameters, ct), cancellationToken, () => CheckDeleteMany(parameters));

    /// <summary>Deletes many jobs inside <paramref name="transaction"/> (see <see cref="DeleteManyAsync(JobDeleteManyOptions, CancellationToken)"/>).</summary>
    public Task<long> DeleteManyAsync(JobDeleteManyOptions parameters, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => DeleteManyCoreAsync(c, t, parameters, ct), cancellationToken, () => CheckDeleteMany(parameters));

    private static void CheckDeleteMany(JobDeleteManyOptions parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.IsEmptyFilter && !parameters.AllowEmptyFilter)
        {
            throw new ArgumentException(
                "DeleteManyAsync was given no filter, which would delete every job that is not running. Set a filter, or set AllowEmptyFilter = true to really delete them all.",
                nameof(parameters));
        }
        parameters.ValidateFilters(nameof(parameters));
    }

    private async Task<long> DeleteManyCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, JobDeleteManyOptions parameters, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(null, connection, transaction);
        cmd.CommandText = JobFilterSql.BuildDeleteMany(_sql, cmd.Parameters, parameters);
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one of the single-job statements (cancel, delete): returns the row, whether it changed, and the text of the
    /// column after those when the statement has one (null otherwise).
    /// </summary>
    private async Task<(JobRow Row, bool Changed, string? Extra)> ChangeJobAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string statement, long id,
        bool cancel, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(statement, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<long>("id", id));
        if (cancel)
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("channel", _sql.ControlChannel));
            cmd.Parameters.Add(new NpgsqlParameter<string>("cancel_attempted_at", JsonTimestamp(_options.TimeProvider.GetUtcNow())));
        }
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new RiverNotFoundException($"No job has id {id.ToString(CultureInfo.InvariantCulture)}.");
            }
            var extra = reader.FieldCount > JobRowReader.ColumnCount + 1 && !reader.IsDBNull(JobRowReader.ColumnCount + 1)
                ? reader.GetString(JobRowReader.ColumnCount + 1) : null;
            return (JobRowReader.Read(reader), reader.GetBoolean(JobRowReader.ColumnCount), extra);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException(
                $"Job {id.ToString(CultureInfo.InvariantCulture)} cannot be made available again: another job with the same unique key is in one of its unique states ({e.MessageText}).", e);
        }
    }

    /// <summary>A timestamp as a JSON string the way River writes it (RFC 3339, UTC, microseconds).</summary>
    private static string JsonTimestamp(DateTimeOffset at) =>
        "\"" + at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// Runs <paramref name="run"/> on the caller's transaction, or on a connection of its own. <paramref name="check"/>
    /// validates the arguments first, so a bad call throws before any connection is opened.
    /// </summary>
    private async Task<T> WithConnectionAsync<T>(NpgsqlTransaction? transaction, Func<NpgsqlConnection, NpgsqlTransaction?, CancellationToken, Task<T>> run,
        CancellationToken cancellationToken, Action? check = null)
    {
        var connection = transaction is null ? null : ConnectionOf(transaction);
        check?.Invoke();
        if (connection is not null)
        {
            return await run(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        var own = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (own.ConfigureAwait(false))
        {
            return await run(own, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
