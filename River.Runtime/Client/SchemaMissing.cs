using Npgsql;

namespace River;

/// <summary>
/// The one rule for "River's tables are not there": which PostgreSQL errors mean it, and the message that names the
/// fix. Used by the client's start, every insert path and the health check, so an unmigrated database reads the same
/// everywhere instead of <c>42P01: relation "public.river_job" does not exist</c>.
/// </summary>
internal static class SchemaMissing
{
    /// <summary>Undefined table, column or schema: the migrations have not run (or not all of them) in this schema.</summary>
    public static bool Is(PostgresException e)
        => e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.InvalidSchemaName;

    public static string Message(string schema, PostgresException e)
        => $"River's tables are missing in schema '{schema}' ({e.MessageText}). Run the migrations first: `river migrate-up` or RiverMigrator.";
}
