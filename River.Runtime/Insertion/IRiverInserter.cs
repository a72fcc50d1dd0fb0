using Npgsql;

namespace River;

/// <summary>
/// The insert half of <see cref="RiverClient"/>, for code that only enqueues jobs. <c>AddRiver</c> registers it (as the
/// client itself), so a controller or service can take an <see cref="IRiverInserter"/> and an application's unit tests
/// can pass River.Testing's <c>RecordingRiverInserter</c> (or any mock) instead: no PostgreSQL needed to assert what was
/// enqueued.
/// </summary>
/// <remarks>
/// Every method validates each job before anything is written (kind, queue, priority, max attempts, tags, metadata,
/// unique options) and throws <see cref="ArgumentException"/> naming the invalid field; the recording fake applies the
/// same rules. The transaction overloads write inside the caller's <see cref="NpgsqlTransaction"/>: the jobs exist only
/// if it commits.
/// </remarks>
public interface IRiverInserter
{
    /// <summary>Inserts one job in its own transaction.</summary>
    /// <exception cref="ArgumentException">An option or the args are invalid (nothing was written).</exception>
    Task<InsertResult> InsertAsync<TArgs>(TArgs args, InsertOptions? opts = null, CancellationToken cancellationToken = default)
        where TArgs : notnull;

    /// <summary>Inserts one job inside the caller's transaction: the job exists only if the caller commits.</summary>
    /// <exception cref="ArgumentException">An option or the args are invalid (nothing was written).</exception>
    Task<InsertResult> InsertAsync<TArgs>(TArgs args, NpgsqlTransaction transaction, InsertOptions? opts = null, CancellationToken cancellationToken = default)
        where TArgs : notnull;

    /// <summary>Inserts many jobs in one statement and its own transaction; results come back in input order.</summary>
    /// <exception cref="ArgumentException">A job's option or args are invalid (nothing was written).</exception>
    Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, CancellationToken cancellationToken = default);

    /// <summary>Inserts many jobs in one statement inside the caller's transaction; results come back in input order.</summary>
    /// <exception cref="ArgumentException">A job's option or args are invalid (nothing was written).</exception>
    Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, NpgsqlTransaction transaction, CancellationToken cancellationToken = default);
}
