using Npgsql;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// The database restarts (<c>pg_ctl restart -m fast</c>) mid-run, then every backend of the workers (LISTEN connection
/// and pooled ones) is terminated: the clients recover by themselves, all jobs finish, nothing is logged above
/// Warning. Runs on its own PostgreSQL (it restarts it).
/// </summary>
public sealed class DatabaseFaultTests : OwnServerTestBase
{
    [Fact]
    public async Task Clients_recover_from_a_server_restart_and_killed_backends()
    {
        const int Jobs = 3_000;
        // Long poll interval: after the faults, new jobs are picked up promptly only if the notifier re-listened.
        string[] settings = ["--queues", "faults:10", "--poll-ms", "1000", "--status-ms", "200",
            "--leader-interval-ms", "500", "--leader-ttl-ms", "2000"];
        for (var i = 0; i < 2; i++)
        {
            Workers.Add(await WorkerProcess.StartedAsync(Server.ConnectionString, $"rtw-fault-{i}", settings));
        }
        await ReliabilityTables.InsertJobsAsync(DataSource, Jobs, "faults", sleepMs: 3);
        await WaitCompletedAsync(Jobs / 4);

        await Server.RestartAsync();
        NpgsqlConnection.ClearAllPools();
        await WaitCompletedAsync(Jobs / 2);

        var marks = Workers.Select(w => w.LineCount).ToArray();
        // Kill every backend of the workers: their LISTEN connections and their pooled connections.
        var killed = await ReliabilityTables.CountAsync(DataSource,
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'rtw-fault-%') t");
        Assert.True(killed >= 2, $"expected at least the two LISTEN connections, terminated {killed}");
        await WaitCompletedAsync(Jobs);

        // Both notifiers listen again, and a new batch is worked.
        for (var i = 0; i < Workers.Count; i++)
        {
            await Workers[i].WaitForLineAsync(l => l.Contains("notifier=Listening", StringComparison.Ordinal), TimeSpan.FromSeconds(30), marks[i]);
        }
        var recovered = Workers.Select(w => w.LineCount).ToArray();
        await ReliabilityTables.InsertJobsAsync(DataSource, 100, "faults", sleepMs: 0);
        await WaitCompletedAsync(Jobs + 100);
        // Once recovered, the clients are quiet again: no warning after that point.
        for (var i = 0; i < Workers.Count; i++)
        {
            Assert.DoesNotContain(Workers[i].Lines.Skip(recovered[i]), WorkerProcess.IsWarningOrAbove);
        }

        foreach (var worker in Workers)
        {
            worker.Terminate();
            Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        // At least once: every job has a successful execution (a completion lost with a connection may rerun a job).
        Assert.Equal(Jobs + 100, await ReliabilityTables.CountAsync(DataSource, "SELECT count(DISTINCT job_id) FROM reliability_execution WHERE outcome = 'ok'"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state <> 'completed'"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, ReliabilityTables.OverlappingExecutions));
        Assert.Empty(Workers.SelectMany(w => w.ErrorLines));
        // The outage is reported, at Warning at most (the assertion above), and only while it lasts.
        Assert.NotEmpty(Workers.SelectMany(w => w.WarningLines));
    }

    private Task WaitCompletedAsync(long count) =>
        ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state = 'completed'", count, TimeSpan.FromSeconds(120),
            () => string.Join("\n\n", Workers.Select(w => $"--- {w.ClientId} ---\n{w.Output()}")));
}
