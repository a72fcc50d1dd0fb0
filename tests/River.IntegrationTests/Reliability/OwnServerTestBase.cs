using Npgsql;
using River.Testing;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// A fault test on its own throwaway PostgreSQL (it restarts or crashes it), migrated (both lines) with the reliability
/// tables, and the worker processes started on it (killed at the end if still running).
/// </summary>
[Collection(ReliabilityCollection.Name)]
public abstract class OwnServerTestBase : IAsyncLifetime
{
    private ThrowawayPostgres? _server;
    private NpgsqlDataSource? _dataSource;

    private protected List<WorkerProcess> Workers { get; } = [];

    protected ThrowawayPostgres Server => _server!;

    protected NpgsqlDataSource DataSource => _dataSource!;

    /// <summary>The server's options (default: <see cref="ThrowawayPostgresOptions.ForTests"/>).</summary>
    protected virtual ThrowawayPostgresOptions ServerOptions => ThrowawayPostgresOptions.ForTests();

    /// <summary>The test server's options with durable settings (fsync, synchronous commit), for tests that crash it.</summary>
    protected static ThrowawayPostgresOptions DurableServerOptions()
    {
        var options = ThrowawayPostgresOptions.ForTests();
        options.Durable = true;
        return options;
    }

    public virtual async Task InitializeAsync()
    {
        _server = await ThrowawayPostgres.StartAsync(ServerOptions);
        _dataSource = NpgsqlDataSource.Create(_server.ConnectionString);
        await new RiverMigrator(DataSource).MigrateUpAllLinesAsync();
        await ReliabilityTables.CreateAsync(DataSource);
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in Workers)
        {
            await worker.DisposeAsync();
        }
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
