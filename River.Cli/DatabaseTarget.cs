using Npgsql;

namespace River.Cli;

/// <summary>The database a command talks to, resolved from <c>--database-url</c> or <c>DATABASE_URL</c>.</summary>
internal sealed class DatabaseTarget
{
    /// <summary>The environment variable read when <c>--database-url</c> is absent.</summary>
    public const string EnvironmentVariable = "DATABASE_URL";

    private DatabaseTarget(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        ConnectionString = connectionString;
        Password = builder.Password;
        Endpoint = $"{builder.Host}:{builder.Port}" + (builder.Database is { } db ? "/" + db : "");
    }

    /// <summary>The Npgsql connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The password, only to mask it out of messages.</summary>
    public string? Password { get; }

    /// <summary><c>host:port/database</c>, for messages.</summary>
    public string Endpoint { get; }

    /// <summary>Resolves the target; throws <see cref="CliException"/> when missing or invalid.</summary>
    public static DatabaseTarget Resolve(string? option, CliContext context)
    {
        var value = option ?? context.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliException($"no database given: pass --database-url or set {EnvironmentVariable}", ExitCodes.Usage);
        }

        try
        {
            var target = new DatabaseTarget(DatabaseUrl.ToConnectionString(value));
            return target;
        }
        catch (FormatException e)
        {
            throw new CliException("invalid database URL: " + e.Message, ExitCodes.Usage);
        }
    }

    /// <summary>Creates a data source for the target (connections opened lazily).</summary>
    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);
}
