using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace River.EntityFrameworkCore;

/// <summary>
/// Inserts River jobs through a <see cref="DbContext"/>: in its current transaction
/// (<c>await river.InsertAsync(args, db)</c>), or, outbox style, added to the unit of work
/// (<c>db.AddRiverJob(args)</c>) and inserted by <c>SaveChangesAsync</c> in its transaction (see
/// <see cref="RiverDbContextOptionsExtensions.UseRiver(DbContextOptionsBuilder, IRiverInserter)"/>).
/// </summary>
public static class RiverDbContextExtensions
{
    /// <summary>
    /// Inserts one job in <paramref name="dbContext"/>'s current transaction (begun with
    /// <c>db.Database.BeginTransactionAsync()</c>): the job exists only if that transaction commits.
    /// </summary>
    /// <exception cref="InvalidOperationException">The context has no current transaction, or is not on Npgsql; the message says what to do.</exception>
    /// <exception cref="ArgumentException">An option or the args are invalid (nothing was written).</exception>
    public static Task<InsertResult> InsertAsync<TArgs>(this IRiverInserter inserter, TArgs args, DbContext dbContext,
        InsertOptions? opts = null, CancellationToken cancellationToken = default) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(inserter);
        return inserter.InsertAsync(args, CurrentTransaction(dbContext), opts, cancellationToken);
    }

    /// <summary>Inserts many jobs in <paramref name="dbContext"/>'s current transaction; results come back in input order.</summary>
    /// <exception cref="InvalidOperationException">The context has no current transaction, or is not on Npgsql.</exception>
    public static Task<IReadOnlyList<InsertResult>> InsertManyAsync(this IRiverInserter inserter, IEnumerable<JobInsertRequest> jobs,
        DbContext dbContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inserter);
        return inserter.InsertManyAsync(jobs, CurrentTransaction(dbContext), cancellationToken);
    }

    /// <summary>
    /// Adds a job to <paramref name="dbContext"/>'s unit of work: the next <c>SaveChangesAsync</c> inserts it in the
    /// same transaction as the entity changes (its own, or the one the caller began), so the job exists iff they are
    /// saved. Needs <c>UseRiver(…)</c> on the context's options. The args and options are validated now.
    /// </summary>
    /// <exception cref="ArgumentException">An option or the args are invalid.</exception>
    public static void AddRiverJob<TArgs>(this DbContext dbContext, TArgs args, InsertOptions? opts = null) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        RiverOutbox.For(dbContext).Add(JobInsertRequest.Create(args, opts));
    }

    /// <summary>The jobs added with <see cref="AddRiverJob"/> that the next <c>SaveChangesAsync</c> will insert.</summary>
    public static IReadOnlyList<JobInsertRequest> PendingRiverJobs(this DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        return RiverOutbox.For(dbContext).Pending;
    }

    /// <summary>The context's current transaction as the <see cref="NpgsqlTransaction"/> River inserts in.</summary>
    internal static NpgsqlTransaction CurrentTransaction(DbContext dbContext)
    {
        ArgumentNullException.ThrowIfNull(dbContext);
        var current = dbContext.Database.CurrentTransaction
            ?? throw new InvalidOperationException(
                $"The {dbContext.GetType().Name} has no current transaction: begin one with `await db.Database.BeginTransactionAsync()` before inserting, " +
                "or add the job with db.AddRiverJob(args) and let SaveChangesAsync insert it (needs UseRiver(...) on the context's options).");
        return current.GetDbTransaction() as NpgsqlTransaction
            ?? throw new InvalidOperationException(
                $"The {dbContext.GetType().Name}'s transaction is a {current.GetDbTransaction().GetType().Name}, not an NpgsqlTransaction: River needs the context on PostgreSQL through Npgsql (UseNpgsql).");
    }
}
