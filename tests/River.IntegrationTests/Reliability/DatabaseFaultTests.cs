using Npgsql;
using River.Testing;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// The database restarts (<c>pg_ctl restart -m fast</c>) mid-run, then every backend of the workers (LISTEN connection
/// and pooled ones) is terminated: the clients recover by themselves, all jobs finish, nothing is logged above
/// Warning. Runs on its own PostgreSQL (it restarts it).
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class DatabaseFaultTests : IAsyncLifetime
{
    private readonly List<WorkerProcess> _workers = [];
    private ThrowawayPostgres? _server;
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource!;

    public async Task InitializeAsync()
    {
        _server = await ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests());
        _dataSource = NpgsqlDataSource.Create(_server.ConnectionString);
        await new RiverMigrator(DataSource).MigrateUpAllLinesAsync();
        await ReliabilityTables.CreateAsync(DataSource);
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
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

    [Fact]
    public async Task Clients_recover_from_a_server_restart_and_killed_backends()
    {
        const int Jobs = 3_000;
        // Long poll interval: after the faults, new jobs are picked up promptly only if the notifier re-listened.
        string[] settings = ["--queues", "faults:10", "--poll-ms", "1000", "--status-ms", "200",
            "--leader-interval-ms", "500", "--leader-ttl-ms", "2000"];
        for (var i = 0; i < 2; i++)
        {
            _workers.Add(await WorkerProcess.StartedAsync(_server!.ConnectionString, $"rtw-fault-{i}", settings));
        }
        await ReliabilityTables.InsertJobsAsync(DataSource, Jobs, "faults", sleepMs: 3);
        await WaitCompletedAsync(Jobs / 4);

        await _server!.RestartAsync();
        NpgsqlConnection.ClearAllPools();
        await WaitCompletedAsync(Jobs / 2);

        var marks = _workers.Select(w => w.LineCount).ToArray();
        // Kill every backend of the workers: their LISTEN connections and their pooled connections.
        var killed = await ReliabilityTables.CountAsync(DataSource,
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'rtw-fault-%') t");
        Assert.True(killed >= 2, $"expected at least the two LISTEN connections, terminated {killed}");
        await WaitCompletedAsync(Jobs);

        // Both notifiers listen again, and a new batch is worked.
        for (var i = 0; i < _workers.Count; i++)
        {
            await _workers[i].WaitForLineAsync(l => l.Contains("notifier=Listening", StringComparison.Ordinal), TimeSpan.FromSeconds(30), marks[i]);
        }
        var recovered = _workers.Select(w => w.LineCount).ToArray();
        await ReliabilityTables.InsertJobsAsync(DataSource, 100, "faults", sleepMs: 0);
        await WaitCompletedAsync(Jobs + 100);
        // Once recovered, the clients are quiet again: no warning after that point.
        for (var i = 0; i < _workers.Count; i++)
        {
            Assert.DoesNotContain(_workers[i].Lines.Skip(recovered[i]), WorkerProcess.IsWarningOrAbove);
        }

        foreach (var worker in _workers)
        {
            worker.Terminate();
            Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        // At least once: every job has a successful execution (a completion lost with a connection may rerun a job).
        Assert.Equal(Jobs + 100, await ReliabilityTables.CountAsync(DataSource, "SELECT count(DISTINCT job_id) FROM reliability_execution WHERE outcome = 'ok'"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state <> 'completed'"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, ReliabilityTables.OverlappingExecutions));
        Assert.Empty(_workers.SelectMany(w => w.ErrorLines));
        // The outage is reported, at Warning at most (the assertion above), and only while it lasts.
        Assert.NotEmpty(_workers.SelectMany(w => w.WarningLines));
    }

    private Task WaitCompletedAsync(long count) =>
        ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state = 'completed'", count, TimeSpan.FromSeconds(120),
            () => string.Join("\n\n", _workers.Select(w => $"--- {w.ClientId} ---\n{w.Output()}")));
}
