using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace River.Testing;

/// <summary>
/// Process-wide entry point for integration tests: one PostgreSQL server per test process (the one in
/// <c>RIVER_TEST_DATABASE_URL</c> when set, else a lazily started <see cref="ThrowawayPostgres"/> that is
/// removed at process exit), and a fresh database per caller, copied in milliseconds from a template
/// database that was migrated once.
/// </summary>
/// <remarks>
/// Safe to call from parallel tests. With an external server shared by several test processes, template
/// creation is serialized by a PostgreSQL advisory lock and the template's name carries a hash of the
/// migrations, so a template built from other migrations is never reused.
/// </remarks>
public static class TestDatabases
{
    /// <summary>The environment variable naming an existing server to use instead of a throwaway one.</summary>
    public const string UrlVariable = "RIVER_TEST_DATABASE_URL";

    private const string ObjectInUse = "55006";
    private const int CopyAttempts = 100;
    private static readonly TimeSpan CopyRetryDelay = TimeSpan.FromMilliseconds(50);
    private const long TemplateLockKey = 0x52495645525F5450; // "RIVER_TP"

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Server? _server;
    private static string? _template;

    /// <summary>
    /// The connection string of the shared server's maintenance database (superuser on a throwaway server),
    /// starting the server on first use.
    /// </summary>
    public static async Task<string> GetServerConnectionStringAsync(CancellationToken cancellationToken = default) =>
        (await GetServerAsync(cancellationToken).ConfigureAwait(false)).AdminConnectionString;

    /// <summary>
    /// Creates a new, empty-of-jobs database on the shared server. With <paramref name="migrated"/> it
    /// already holds River's schema at the latest version (in the search_path schema); without, it is empty.
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(bool migrated = true, CancellationToken cancellationToken = default)
    {
        var server = await GetServerAsync(cancellationToken).ConfigureAwait(false);
        var template = migrated ? await GetTemplateAsync(server, cancellationToken).ConfigureAwait(false) : "template0";
        var name = "river_test_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(server.Admin, $"CREATE DATABASE {name} TEMPLATE {template}", cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (PostgresException e) when (e.SqlState == ObjectInUse && attempt < CopyAttempts)
            {
                // Someone is connected to the template (PostgreSQL refuses to copy it then): wait a little.
                await Task.Delay(CopyRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(name, connectionString, migrated, (n, ct) => DropAsync(server, n, ct));
    }

    private static async Task DropAsync(Server server, string name, CancellationToken cancellationToken)
    {
        await ExecuteAsync(server.Admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Server> GetServerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _server) is { } existing)
        {
            return existing;
        }

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_server is null)
            {
                var url = Environment.GetEnvironmentVariable(UrlVariable);
                Server server;
                if (!string.IsNullOrWhiteSpace(url))
                {
                    string connectionString;
                    try
                    {
                        connectionString = DatabaseUrl.ToConnectionString(url);
                    }
                    catch (FormatException e)
                    {
                        throw new InvalidOperationException($"{UrlVariable} is invalid: {e.Message}", e);
                    }

                    server = new Server(connectionString, null);
                }
                else
                {
                    var pg = await ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests(), cancellationToken).ConfigureAwait(false);
                    server = new Server(pg.ConnectionString, pg);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
                }

                Volatile.Write(ref _server, server);
            }

            return _server;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> GetTemplateAsync(Server server, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _template) is { } existing)
        {
            return existing;
        }

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_template is not null)
            {
                return _template;
            }

            var name = "river_template_" + MigrationsHash();
            await using var admin = await server.Admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(admin, $"SELECT pg_advisory_lock({TemplateLockKey})", cancellationToken).ConfigureAwait(false);
            try
            {
                if (!await DatabaseExistsAsync(admin, name, cancellationToken).ConfigureAwait(false))
                {
                    await BuildTemplateAsync(server, admin, name, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await ExecuteAsync(admin, $"SELECT pg_advisory_unlock({TemplateLockKey})", CancellationToken.None).ConfigureAwait(false);
            }

            Volatile.Write(ref _template, name);
            return name;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task BuildTemplateAsync(Server server, NpgsqlConnection admin, string name, CancellationToken cancellationToken)
    {
        // Built under a temporary name and renamed when complete, so a crash never leaves a half-built template.
        // Under the advisory lock nobody else is building: any other half-built one is a crashed run's leftover.
        await using (var stale = new NpgsqlCommand("SELECT datname::text FROM pg_database WHERE datname LIKE 'river\\_template\\_%\\_b%'", admin))
        {
            var names = new List<string>();
            await using (var reader = await stale.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    names.Add(reader.GetString(0));
                }
            }

            foreach (var leftover in names)
            {
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{leftover.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", cancellationToken).ConfigureAwait(false);
            }
        }

        var building = name + "_b" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(admin, $"CREATE DATABASE {building} TEMPLATE template0", cancellationToken).ConfigureAwait(false);
        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = building, Pooling = false }.ConnectionString;
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new RiverMigrator(dataSource).MigrateUpAllLinesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(admin, $"ALTER DATABASE {building} RENAME TO {name}", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(admin, $"ALTER DATABASE {name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> DatabaseExistsAsync(NpgsqlConnection admin, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", admin);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static string MigrationsHash()
    {
        var text = new StringBuilder();
        foreach (var line in RiverMigrator.Lines)
        {
            foreach (var m in RiverMigrator.MigrationsOf(line))
            {
                text.Append(RiverMigrator.GetSql(line, m.Version, RiverMigrationDirection.Up)).Append('\0');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12].ToLowerInvariant();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Server(string adminConnectionString, ThrowawayPostgres? owned)
    {
        public string AdminConnectionString { get; } = adminConnectionString;

        public NpgsqlDataSource Admin { get; } = NpgsqlDataSource.Create(adminConnectionString);

        public void Dispose()
        {
            Admin.Dispose();
            owned?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
