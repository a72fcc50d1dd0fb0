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

    /// <summary>
    /// Per queue, the sequences with a job not finalized and the jobs waiting behind their holders (the
    /// <c>river.sequence.*</c> gauges): the holding states of <see cref="FlowSql.Sequences"/>, every sequence counted
    /// once (its holder) and every other job of it as waiting. Finds sequenced jobs through the metadata GIN index.
    /// </summary>
    public static string FlowSequences(SchemaSql sql)
    {
        var prefix = sql.Prefix;
        return $"""
        SELECT queue, count(DISTINCT metadata ->> 'river:sequence'), count(*) - count(DISTINCT metadata ->> 'river:sequence')
        FROM {prefix}river_job
        WHERE metadata ? 'river:sequence' AND state IN ('available', 'running', 'retryable', 'scheduled', 'pending')
        GROUP BY queue
        """;
    }
}
