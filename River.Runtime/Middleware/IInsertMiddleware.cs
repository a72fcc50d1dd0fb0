namespace River;

/// <summary>
/// Runs around every insert call (one, many or bulk) with the whole batch. It can inspect or replace the jobs (for
/// example add metadata through new <see cref="InsertOptions"/>), run code after the insert, or throw to refuse it.
/// Registered client-wide in <see cref="RiverClientOptions.InsertMiddleware"/>; the first registered is outermost.
/// </summary>
public interface IInsertMiddleware
{
    /// <summary>Inserts <paramref name="jobs"/> by calling <c>next</c> (possibly with a changed list).</summary>
    Task<IReadOnlyList<InsertResult>> InsertManyAsync(IReadOnlyList<JobInsertRequest> jobs,
        Func<IReadOnlyList<JobInsertRequest>, CancellationToken, Task<IReadOnlyList<InsertResult>>> next, CancellationToken cancellationToken);
}
