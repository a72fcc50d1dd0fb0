using Npgsql;
using NpgsqlTypes;
using River.Database.Queries;
using River.Diagnostics;

namespace River.Insertion;

/// <summary>
/// Runs inserts: one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT … RETURNING</c> for any number of jobs,
/// followed in the same round trip (and transaction) by one NOTIFY per queue with available jobs; and the
/// binary COPY bulk path.
/// </summary>
internal sealed class JobInserter
{
    private readonly SchemaSql _sql;
    private readonly TimeProvider _time;

    /// <param name="sql">The client's statements.</param>
    /// <param name="time">The client's clock: the COPY path's "due now" for a row without a time of its own.</param>
    public JobInserter(SchemaSql sql, TimeProvider time)
    {
        _sql = sql;
        _time = time;
    }

    /// <summary>
    /// Inserts <paramref name="jobs"/> on <paramref name="connection"/> (inside <paramref name="transaction"/> when
    /// given, else in the implicit transaction of one batch). Unique jobs repeated within the call are inserted
    /// once; the repeats are reported as duplicates of the first.
    /// </summary>
    public async Task<InsertResult[]> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyList<PreparedInsert> jobs, CancellationToken cancellationToken)
    {
        var results = new InsertResult[jobs.Count];
        if (jobs.Count == 0)
        {
            return results;
        }
        using var activity = RiverTelemetry.StartInsert(jobs); // telemetry (River.Runtime/Diagnostics)
        var traceParent = TraceContextMetadata.TraceParentOf(activity);

        // Deduplicate unique keys within the call: ON CONFLICT cannot touch the same row twice in one statement.
        var sent = new List<int>(jobs.Count);
        Dictionary<string, int>? firstByKey = null;
        var repeatOf = new int[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            repeatOf[i] = -1;
            if (jobs[i].UniqueKey is { } key)
            {
                firstByKey ??= new Dictionary<string, int>(StringComparer.Ordinal);
                var hex = Convert.ToHexString(key);
                if (firstByKey.TryGetValue(hex, out var first))
                {
                    repeatOf[i] = first;
                    continue;
                }
                firstByKey[hex] = i;
            }
            sent.Add(i);
        }

        var n = sent.Count;
        var args = new string[n];
        var kinds = new string[n];
        var maxAttempts = new short[n];
        var metadata = new string[n];
        var priorities = new short[n];
        var queues = new string[n];
        var scheduledAt = new DateTime?[n];
        var states = new string[n];
        var tags = new string[n];
        var uniqueKeys = new byte[]?[n];
        var uniqueStates = new int?[n];
        var notifyQueues = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < n; k++)
        {
            var job = jobs[sent[k]];
            args[k] = System.Text.Encoding.UTF8.GetString(job.EncodedArgs.Span);
            kinds[k] = job.Kind;
            maxAttempts[k] = (short)job.MaxAttempts;
            metadata[k] = traceParent is null ? job.Metadata : TraceContextMetadata.With(job.Metadata, traceParent);
            priorities[k] = (short)job.Priority;
            queues[k] = job.Queue;
            scheduledAt[k] = job.ScheduledAt?.UtcDateTime;
            states[k] = JobStateNames.ToDb(job.State);
            tags[k] = job.TagsJoined;
            uniqueKeys[k] = job.UniqueKey;
            uniqueStates[k] = job.UniqueStates;
            if (job.State == JobState.Available)
            {
                notifyQueues.Add(job.Queue);
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(_sql.InsertMany);
        insert.Parameters.Add(new NpgsqlParameter<string[]>("args", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = args });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("kinds", kinds));
        insert.Parameters.Add(new NpgsqlParameter<short[]>("max_attempts", maxAttempts));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = metadata });
        insert.Parameters.Add(new NpgsqlParameter<short[]>("priorities", priorities));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("queues", queues));
        insert.Parameters.Add(new NpgsqlParameter<DateTime?[]>("scheduled_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = scheduledAt });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("states", states));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("tags", tags));
        insert.Parameters.Add(new NpgsqlParameter<byte[]?[]>("unique_keys", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = uniqueKeys });
        insert.Parameters.Add(new NpgsqlParameter<int?[]>("unique_states", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = uniqueStates });
        batch.BatchCommands.Add(insert);
        if (notifyQueues.Count > 0)
        {
            var notify = new NpgsqlBatchCommand(_sql.NotifyInsert);
            _sql.AddNotifyInsertParameters(notify.Parameters, [.. notifyQueues]);
            batch.BatchCommands.Add(notify);
        }

        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            var k = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = JobRowReader.Read(reader);
                var skipped = reader.GetBoolean(JobRowReader.ColumnCount);
                results[sent[k++]] = new InsertResult(row, skipped);
            }
            if (k != n)
            {
                throw new InvalidOperationException($"The insert returned {k} rows for {n} jobs.");
            }
        }
        for (var i = 0; i < jobs.Count; i++)
        {
            if (repeatOf[i] >= 0)
            {
                results[i] = new InsertResult(results[repeatOf[i]].Job, UniqueSkippedAsDuplicate: true);
            }
        }
        RiverTelemetry.Inserted(activity, results);
        return results;
    }

    /// <summary>The optional columns at least one of <paramref name="jobs"/> needs (the others keep their defaults).</summary>
    internal static CopyColumns ColumnsToSend(IReadOnlyList<PreparedInsert> jobs)
    {
        var columns = CopyColumns.None;
        foreach (var job in jobs)
        {
            if (job.MaxAttempts != JobSql.ColumnDefaultMaxAttempts) columns |= CopyColumns.MaxAttempts;
            if (!string.Equals(job.Metadata, JobSql.ColumnDefaultMetadata, StringComparison.Ordinal)) columns |= CopyColumns.Metadata;
            if (job.Priority != JobSql.ColumnDefaultPriority) columns |= CopyColumns.Priority;
            if (!string.Equals(job.Queue, JobSql.ColumnDefaultQueue, StringComparison.Ordinal)) columns |= CopyColumns.Queue;
            if (job.ScheduledAt is not null) columns |= CopyColumns.ScheduledAt;
            if (job.TagsJoined.Length != 0) columns |= CopyColumns.Tags;
            if (columns == CopyColumns.All)
            {
                break;
            }
        }
        return columns;
    }

    /// <summary>
    /// Inserts available, non-unique jobs with binary COPY and returns how many were written. No rows come back
    /// and no notification is sent for them (the caller wakes producers).
    /// </summary>
    public async Task<long> CopyAsync(NpgsqlConnection connection, IReadOnlyList<PreparedInsert> jobs, CancellationToken cancellationToken)
    {
        using var activity = RiverTelemetry.StartInsert(jobs); // telemetry (River.Runtime/Diagnostics)
        var traceParent = TraceContextMetadata.TraceParentOf(activity);
        var columns = ColumnsToSend(jobs) | (traceParent is null ? CopyColumns.None : CopyColumns.Metadata);
        await using var importer = await connection.BeginBinaryImportAsync(_sql.CopyIn(columns), cancellationToken).ConfigureAwait(false);
        foreach (var job in jobs)
        {
            await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            // The args go out as the UTF-8 bytes they already are (no string round trip).
            await importer.WriteAsync(job.EncodedArgs, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
            await importer.WriteAsync(job.Kind, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            // Optional columns, in CopyColumnsSql.List's order; left out, a column takes its default.
            if ((columns & CopyColumns.MaxAttempts) != 0)
            {
                await importer.WriteAsync((short)job.MaxAttempts, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
            }
            if ((columns & CopyColumns.Metadata) != 0)
            {
                var metadata = traceParent is null ? job.Metadata : TraceContextMetadata.With(job.Metadata, traceParent);
                await importer.WriteAsync(metadata, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
            }
            if ((columns & CopyColumns.Priority) != 0)
            {
                await importer.WriteAsync((short)job.Priority, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
            }
            if ((columns & CopyColumns.Queue) != 0)
            {
                await importer.WriteAsync(job.Queue, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }
            if ((columns & CopyColumns.ScheduledAt) != 0)
            {
                // Another row of the batch has a time of its own; this one is due now.
                if (job.ScheduledAt is { } at)
                {
                    await importer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteAsync(_time.GetUtcNow().UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                }
            }
            if ((columns & CopyColumns.Tags) != 0)
            {
                await importer.WriteAsync(job.TagsJoined.Length == 0 ? [] : job.TagsJoined.Split(','), NpgsqlDbType.Array | NpgsqlDbType.Varchar, cancellationToken).ConfigureAwait(false);
            }
        }
        var written = (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        RiverTelemetry.Copied(jobs);
        return written;
    }
}
