using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace River.EntityFrameworkCore;

/// <summary>
/// Inserts the jobs added with <see cref="RiverDbContextExtensions.AddRiverJob"/> during <c>SaveChangesAsync</c>, in the
/// save's transaction: the caller's current one if any (the jobs then exist iff the caller commits), otherwise one this
/// interceptor begins before EF writes and commits after the jobs are inserted (entity changes and jobs commit
/// together, or neither does).
/// </summary>
/// <remarks>
/// The jobs are inserted after EF's writes, so they may carry keys the database generated for new entities. A failed
/// save (EF's writes or the insert) rolls back the transaction this interceptor began and keeps the jobs pending, so a
/// retried save inserts them. Synchronous <c>SaveChanges</c> with pending jobs throws: River inserts asynchronously.
/// </remarks>
internal sealed class RiverSaveChangesInterceptor(Func<IRiverInserter> inserter) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (RiverOutbox.Find(eventData.Context) is not null)
        {
            throw new InvalidOperationException(
                "River jobs were added to this DbContext (AddRiverJob): save with `await SaveChangesAsync()`, which inserts them in the save's transaction; synchronous SaveChanges cannot.");
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (RiverOutbox.Find(eventData.Context) is { } outbox && eventData.Context!.Database.CurrentTransaction is null)
        {
            outbox.OwnedTransaction = await eventData.Context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var context = eventData.Context;
        if (RiverOutbox.Find(context) is not { } outbox)
        {
            return result;
        }
        var jobs = outbox.Take();
        var owned = outbox.OwnedTransaction;
        outbox.OwnedTransaction = null;
        try
        {
            await inserter().InsertManyAsync(jobs, RiverDbContextExtensions.CurrentTransaction(context!), cancellationToken).ConfigureAwait(false);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            outbox.Restore(jobs);
            if (owned is not null)
            {
                await owned.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            throw;
        }
        finally
        {
            if (owned is not null)
            {
                await owned.DisposeAsync().ConfigureAwait(false);
            }
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && RiverOutbox.Find(context) is { OwnedTransaction: { } owned } outbox)
        {
            outbox.OwnedTransaction = null;
            await owned.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
