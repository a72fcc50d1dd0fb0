using System.CommandLine;

namespace River.Cli.Commands;

/// <summary>Options shared by the commands that talk to a database.</summary>
internal static class CommonOptions
{
    public static Option<string?> DatabaseUrl() => new("--database-url")
    {
        Description = $"PostgreSQL URL (postgres://user:password@host:port/database) or Npgsql connection string; default: ${DatabaseTarget.EnvironmentVariable}.",
    };

    public static Option<string?> Schema() => new("--schema")
    {
        Description = "Schema holding River's tables (default: the connection's search_path, usually public).",
    };

    public static Option<string?> Line(string defaultText) => new("--line")
    {
        Description = $"Migration line: main (River's schema) or typed (River.Typed's own tables); default: {defaultText}.",
    };

    public static Option<int?> TargetVersion(string description) => new("--target-version") { Description = description };

    public static Option<bool> DryRun() => new("--dry-run")
    {
        Description = "Print the SQL that would run, change nothing.",
    };

    /// <summary>Creates a migrator for the resolved target and schema.</summary>
    public static (RiverMigrator Migrator, Npgsql.NpgsqlDataSource DataSource) Migrator(DatabaseTarget target, string? schema)
    {
        var options = new RiverMigratorOptions { Schema = schema };
        var dataSource = target.CreateDataSource();
        try
        {
            return (new RiverMigrator(dataSource, options), dataSource);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }
}
