using Npgsql;
using River.Insertion;

namespace River;

// Inserting jobs: one, many, and the bulk COPY path; all through the insert middleware and hooks.
public sealed partial class RiverClient
{
    /// <summary>Inserts one job in its own transaction.</summary>
    /// <exception cref="ArgumentException">An option or the args are invalid (nothing was written).</exception>
    public async Task<InsertResult> InsertAsync<TArgs>(TArgs args, InsertOptions? opts = null, CancellationToken cancellationToken = default)
        where TArgs : notnull
        => (await InsertManyAsync([JobInsertRequest.Create(args, opts)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Inserts one job inside the caller's transaction: the job exists only if the caller commits. The insert
    /// notification is part of the same transaction.
    /// </summary>
    /// <exception cref="ArgumentException">An option or the args are invalid (nothing was written).</exception>
    public async Task<InsertResult> InsertAsync<TArgs>(TArgs args, NpgsqlTransaction transaction, InsertOptions? opts = null, CancellationToken cancellationToken = default)
        where TArgs : notnull
        => (await InsertManyAsync([JobInsertRequest.Create(args, opts)], transaction, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Inserts many jobs in one statement and its own transaction; results come back in input order.</summary>
    public Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, CancellationToken cancellationToken = default)
        => InsertPipelineAsync(jobs, async (prepared, ct) =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            var results = await _inserter.InsertAsync(connection, null, prepared, ct).ConfigureAwait(false);
            foreach (var job in prepared)
            {
                WakeLocal(job);
            }
            return results;
        }, cancellationToken);

    /// <summary>Inserts many jobs in one statement inside the caller's transaction; results come back in input order.</summary>
    public Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        var connection = ConnectionOf(transaction);
        return InsertPipelineAsync(jobs, async (prepared, ct) =>
            await _inserter.InsertAsync(connection, transaction, prepared, ct).ConfigureAwait(false), cancellationToken);
    }

    /// <summary>
    /// The bulk path: inserts many jobs with binary COPY and returns how many were written. Unique jobs are refused
    /// (use <see cref="InsertManyAsync(IEnumerable{JobInsertRequest}, CancellationToken)"/>); jobs that are pending or
    /// scheduled in the future go through the regular insert in the same transaction. Insert middleware sees the
    /// batch but gets no rows back from this path.
    /// </summary>
    /// <exception cref="ArgumentException">A job is unique, or an option is invalid (nothing was written).</exception>
    public async Task<long> InsertManyFastAsync(IEnumerable<JobInsertRequest> jobs, CancellationToken cancellationToken = default)
    {
        long count = 0;
        await InsertPipelineAsync(jobs, async (prepared, ct) =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            count = await CopyCoreAsync(prepared, connection, transaction, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            foreach (var producer in _producers.Values)
            {
                producer.Wake();
            }
            return [];
        }, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>The bulk path inside the caller's transaction (see <see cref="InsertManyFastAsync(IEnumerable{JobInsertRequest}, CancellationToken)"/>).</summary>
    public async Task<long> InsertManyFastAsync(IEnumerable<JobInsertRequest> jobs, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        var connection = ConnectionOf(transaction);
        long count = 0;
        await InsertPipelineAsync(jobs, async (prepared, ct) =>
        {
            count = await CopyCoreAsync(prepared, connection, transaction, ct).ConfigureAwait(false);
            return [];
        }, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>
    /// Every insert goes through here: insert middleware (first registered outermost) around insert-begin hooks,
    /// validation and the write.
    /// </summary>
    private Task<IReadOnlyList<InsertResult>> InsertPipelineAsync(IEnumerable<JobInsertRequest> jobs,
        Func<IReadOnlyList<PreparedInsert>, CancellationToken, Task<IReadOnlyList<InsertResult>>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        IReadOnlyList<JobInsertRequest> list = jobs as IReadOnlyList<JobInsertRequest> ?? jobs.ToList();
        Func<IReadOnlyList<JobInsertRequest>, CancellationToken, Task<IReadOnlyList<InsertResult>>> next = async (batch, ct) =>
        {
            foreach (var hook in _options.Hooks)
            {
                if (hook is IInsertBeginHook begin)
                {
                    foreach (var job in batch)
                    {
                        await begin.OnInsertBeginAsync(job, ct).ConfigureAwait(false);
                    }
                }
            }
            var prepared = PrepareMany(batch);
            try
            {
                return await write(prepared, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (SchemaMissing.Is(e))
            {
                throw new RiverSchemaMissingException(SchemaMissing.Message(_options.Schema, e), e);
            }
        };
        for (var i = _options.InsertMiddleware.Count - 1; i >= 0; i--)
        {
            var middleware = _options.InsertMiddleware[i];
            var inner = next;
            next = (batch, ct) => middleware.InsertManyAsync(batch, inner, ct);
        }
        return next(list, cancellationToken);
    }

    private async Task<long> CopyCoreAsync(IReadOnlyList<PreparedInsert> prepared, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var copy = new List<PreparedInsert>(prepared.Count);
        var regular = new List<PreparedInsert>();
        foreach (var job in prepared)
        {
            if (job.UniqueKey is not null)
            {
                throw new ArgumentException($"The bulk insert path does not insert unique jobs (kind '{job.Kind}'); use InsertManyAsync.", "jobs");
            }
            (job.State == JobState.Available ? copy : regular).Add(job);
        }
        long count = 0;
        if (copy.Count > 0)
        {
            count += await _inserter.CopyAsync(connection, copy, cancellationToken).ConfigureAwait(false);
            var notify = new NpgsqlCommand(_sql.NotifyInsert, connection, transaction);
            await using (notify.ConfigureAwait(false))
            {
                _sql.AddNotifyInsertParameters(notify.Parameters, copy.Select(j => j.Queue).Distinct(StringComparer.Ordinal).ToArray());
                await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        if (regular.Count > 0)
        {
            count += (await _inserter.InsertAsync(connection, transaction, regular, cancellationToken).ConfigureAwait(false)).Length;
        }
        return count;
    }

    private List<PreparedInsert> PrepareMany(IReadOnlyList<JobInsertRequest> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var prepared = new List<PreparedInsert>();
        foreach (var job in jobs)
        {
            ArgumentNullException.ThrowIfNull(job, nameof(jobs));
            prepared.Add(_preparer.Prepare(job.Definition, job.EncodedArgs, job.Options));
        }
        return prepared;
    }

    private void WakeLocal(PreparedInsert job)
    {
        if (job.State == JobState.Available && _producers.TryGetValue(job.Queue, out var producer))
        {
            producer.Wake();
        }
    }

    /// <summary>The connection of a transaction the caller passed; refuses one that is already finished.</summary>
    internal static NpgsqlConnection ConnectionOf(NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection ?? throw new ArgumentException("The transaction is already committed or rolled back.", nameof(transaction));
    }
}
