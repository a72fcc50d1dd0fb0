namespace River.Database.Queries;

/// <summary>Statements only River.Testing runs (its job worker and assertions); the runtime never does.</summary>
internal static class TestingSql
{
    /// <summary>
    /// Starts an attempt of one job inside the test's transaction the way a fetch does (running,
    /// attempt + 1, attempted_at, attempted_by). A job already running or finalized is left alone (no row).
    /// </summary>
    public const string StartAttempt = """
        UPDATE /* TEMPLATE: schema */river_job AS j
        SET state = 'running',
            attempt = j.attempt + 1,
            attempted_at = now(),
            attempted_by = array_append(j.attempted_by, @client_id::text)
        WHERE j.id = @id AND j.state NOT IN ('running', 'cancelled', 'completed', 'discarded')
        RETURNING /* TEMPLATE: columns */
        """;

    /// <summary>The jobs of the given kinds, oldest first.</summary>
    public const string JobsByKinds = "SELECT /* TEMPLATE: columns */ FROM /* TEMPLATE: schema */river_job AS j WHERE j.kind = ANY(@kinds) ORDER BY j.id";

    /// <summary>How many jobs of each kind exist (for failure messages), most frequent first.</summary>
    public const string KindCounts = "SELECT kind, count(*) FROM /* TEMPLATE: schema */river_job GROUP BY kind ORDER BY count(*) DESC, kind LIMIT 10";
}

/// <summary>The statements of <see cref="TestingSql"/> filled in for one schema (part of <see cref="SchemaSql"/>).</summary>
internal sealed class TestingStatements(SchemaSql sql)
{
    public string StartAttempt { get; } = sql.Fill(TestingSql.StartAttempt);
    public string JobsByKinds { get; } = sql.Fill(TestingSql.JobsByKinds);
    public string KindCounts { get; } = sql.Fill(TestingSql.KindCounts);
}
