using Npgsql;
using River.Testing;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// The reliability tests start River.TestWorker processes; they run one class at a time (they load the machine)
/// while other test classes run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection
{
    public const string Name = "Reliability (worker processes)";
}

/// <summary>A fresh migrated database on the shared test server with the reliability tables, and the worker processes started on it.</summary>
[Collection(ReliabilityCollection.Name)]
public abstract class ProcessTestBase : IAsyncLifetime
{
    private readonly List<WorkerProcess> _workers = [];
    private TestDatabase? _database;

    protected NpgsqlDataSource DataSource => _database!.DataSource;

    protected string DatabaseUrl => _database!.ConnectionString;

    protected TestDatabase Database => _database!;

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync();
        await ReliabilityTables.CreateAsync(DataSource);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private protected async Task<WorkerProcess> StartWorkerAsync(string clientId, params string[] settings) =>
        Track(await WorkerProcess.StartedAsync(DatabaseUrl, clientId, settings));

    private protected WorkerProcess Track(WorkerProcess worker)
    {
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Every worker's output, for failure messages.</summary>
    protected string Outputs() => string.Join("\n\n", _workers.Select(w => $"--- {w.ClientId} (pid {w.Pid}) ---\n{w.Output()}"));
}
