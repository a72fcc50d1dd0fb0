using Npgsql;
using River.Testing;

namespace River.IntegrationTests.Runtime;

/// <summary>A fresh migrated database per test, plus helpers to build clients and wait for outcomes.</summary>
public abstract class RuntimeTestBase : IAsyncLifetime
{
    private readonly List<RiverClient> _clients = [];
    private TestDatabase? _database;

    protected NpgsqlDataSource DataSource => _database!.DataSource;

    /// <summary>The test database's connection string (for configuration and URL tests).</summary>
    protected string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync()
    {
        Defs.EnsureRegistered();
        _database = await TestDatabases.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.StopAndCancelAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected RiverClient NewClient(Action<RiverClientOptions>? configure = null)
    {
        var options = new RiverClientOptions
        {
            DataSource = DataSource,
            FetchCooldown = TimeSpan.FromMilliseconds(5),
            FetchPollInterval = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        var client = new RiverClient(options);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Completes when the completer has written outcomes for <paramref name="count"/> jobs (of any kind) from now on
    /// (the client's <c>OutcomesWritten</c> test signal; call it before the action that causes the writes).
    /// </summary>
    protected static Task WaitForOutcomesAsync(RiverClient client, int count)
    {
        var written = 0;
        return client.OutcomesWritten.NextAsync(ids => (written += ids.Count) >= count, TimeSpan.FromSeconds(60));
    }

    protected async Task<long> CountAsync(string where = "true")
    {
        await using var cmd = DataSource.CreateCommand("SELECT count(*) FROM river_job WHERE " + where);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    protected async Task<JobRow> GetAsync(RiverClient client, long id) => (await client.GetJobAsync(id))!;
}
