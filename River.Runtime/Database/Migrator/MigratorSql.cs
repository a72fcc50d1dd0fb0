namespace River;

/// <summary>The SQL of the migrator's own bookkeeping (the migrations themselves are the embedded files).</summary>
internal static class MigratorSql
{
    /// <summary>Serializes migrators of one schema until the transaction ends. $1 = schema or null (current schema).</summary>
    public const string AdvisoryLock =
        "SELECT pg_advisory_xact_lock(hashtextextended('river_migrate:' || coalesce($1, current_schema()), 0))";

    /// <summary>$1 = the schema; true when it exists.</summary>
    public const string SchemaExists = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)";

    /// <summary>
    /// $1 = qualified table name. Returns (table exists, table has the <c>line</c> column): the shape of
    /// <c>river_migration</c> changes at version 5.
    /// </summary>
    public const string MigrationTableShape = """
        SELECT t IS NOT NULL,
               t IS NOT NULL AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = t AND attname = 'line' AND NOT attisdropped)
        FROM (SELECT to_regclass($1) AS t) s
        """;

    /// <summary>Applied versions of a line-shaped table (version 5 on). $1 = line.</summary>
    public static string SelectAppliedWithLine(string prefix) =>
        $"SELECT version, created_at FROM {prefix}river_migration WHERE line = $1 ORDER BY version";

    /// <summary>Applied versions of the table of versions 1 to 4.</summary>
    public static string SelectAppliedWithoutLine(string prefix) =>
        $"SELECT version, created_at FROM {prefix}river_migration ORDER BY version";

    /// <summary>$1 = line, $2 = version.</summary>
    public static string InsertWithLine(string prefix) =>
        $"INSERT INTO {prefix}river_migration (line, version) VALUES ($1, $2)";

    /// <summary>$1 = version.</summary>
    public static string InsertWithoutLine(string prefix) =>
        $"INSERT INTO {prefix}river_migration (version) VALUES ($1)";

    /// <summary>$1 = line, $2 = version.</summary>
    public static string DeleteWithLine(string prefix) =>
        $"DELETE FROM {prefix}river_migration WHERE line = $1 AND version = $2";

    /// <summary>$1 = version.</summary>
    public static string DeleteWithoutLine(string prefix) =>
        $"DELETE FROM {prefix}river_migration WHERE version = $1";
}
