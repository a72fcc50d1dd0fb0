namespace River.Database.Queries;

/// <summary>The statements behind the observable metrics, in one place.</summary>
internal static class DiagnosticsSql
{
    /// <summary>
    /// Available jobs per queue (the <c>river.queue.depth</c> gauge). Uses the fetch index's leading columns
    /// (<c>state, queue</c>) so it stays an index scan on large tables.
    /// </summary>
    public static string QueueDepth(SchemaSql sql) =>
        "SELECT queue, count(*) FROM " + sql.Prefix + "river_job WHERE state = 'available' GROUP BY queue";
}
