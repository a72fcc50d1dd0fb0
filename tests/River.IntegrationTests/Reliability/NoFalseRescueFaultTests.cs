using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using River.Testing;
using Xunit.Abstractions;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// Live worker processes work long-ish jobs while the harness crashes PostgreSQL (<c>pg_ctl restart -m immediate</c>,
/// which empties the UNLOGGED <c>river_leader</c>) and terminates single backends of the clients
/// (<c>pg_terminate_backend</c>): no client is declared dead, no job is rescued, attempts grow only by real retries,
/// and no write passes the leader fence from a client that does not hold the current term. The fence's refusals
/// (deposed leaders' writes that changed nothing) are counted from the workers' logs. Runs on its own durable
/// PostgreSQL (it crashes it; a durable server keeps what it committed, as production does); figures go to the test
/// output and <c>.tmp/fault-no-false-rescue-&lt;name&gt;.json</c>.
/// </summary>
/// <remarks>
/// The writes that pass the fence are recorded by a row trigger this test installs on the tables leader services
/// write (<c>river_job</c>, <c>river_typed_client</c>, <c>river_queue</c>): for a statement whose text carries the fence,
/// it records the writer (<c>application_name</c>, the worker's client id) and the holder of the current term. The
/// trigger runs inside the fenced statement, after the fence took its share lock, so the holder is the one at the
/// moment of the write.
/// </remarks>
public sealed class NoFalseRescueFaultTests(ITestOutputHelper output) : OwnServerTestBase
{
    private const string Queue = "nfr";
    private const string ClientPrefix = "rtw-nfr-";

    /// <summary>Durable: an immediate restart keeps every committed transaction, as a production server does.</summary>
    protected override ThrowawayPostgresOptions ServerOptions => DurableServerOptions();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var cmd = DataSource.CreateCommand(FenceAudit);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public Task Two_crash_restarts_and_ten_killed_backends_rescue_no_job_of_a_live_client() =>
        RunAsync("short", restarts: 2, kills: 10, jobs: 90);

    [Fact]
    [Trait("Category", "Slow")]
    public Task Ten_crash_restarts_and_a_hundred_killed_backends_rescue_no_job_of_a_live_client() =>
        RunAsync("full", restarts: 10, kills: 100, jobs: 600);

    private async Task RunAsync(string name, int restarts, int kills, int jobs)
    {
        const int Processes = 3;
        const int JobMs = 2_000;
        // Default heartbeat (2 s, TTL 10 s): the guarantee is for the defaults. A short lease and a fast scheduler make
        // leadership move after each crash and the leader write often, so deposed leaders have writes to be refused.
        string[] settings = ["--queues", $"{Queue}:10", "--leader-interval-ms", "500", "--leader-ttl-ms", "2000",
            "--scheduler-interval-ms", "200", "--poll-ms", "500", "--job-timeout-ms", "60000"];
        for (var i = 0; i < Processes; i++)
        {
            Workers.Add(await WorkerProcess.StartedAsync(Server.ConnectionString, ClientPrefix + i, settings));
        }
        var clock = Stopwatch.StartNew();
        var killed = 0;
        var restartSeconds = new List<double>();
        var killsPerRound = kills / restarts;
        var inserted = 0;
        for (var round = 0; round < restarts; round++)
        {
            // Fresh work each round, under way (so jobs are running when the server crashes), due over the next seconds:
            // the leader's scheduler makes it available, so the leader writes (fenced) all through the faults.
            var roundJobs = jobs / restarts + (round == restarts - 1 ? jobs % restarts : 0);
            await InsertScheduledJobsAsync(roundJobs, JobMs);
            inserted += roundJobs;
            await WaitForCountAsync($"SELECT count(*) FROM river_job WHERE state = 'running'", Processes);
            var crashedAt = DateTimeOffset.UtcNow;
            var restart = Stopwatch.StartNew();
            await Server.RestartImmediateAsync();
            restartSeconds.Add(restart.Elapsed.TotalSeconds);
            NpgsqlConnection.ClearAllPools();
            // Every client heartbeats again after the crash before the next fault.
            await WaitForCountAsync($"SELECT count(*) FROM river_typed_client WHERE heartbeat_at > '{crashedAt:O}'", Processes);
            // Single backends terminated one after the other, paced by the work: a job completes after each.
            for (var k = 0; k < killsPerRound + (round == restarts - 1 ? kills % restarts : 0); k++)
            {
                var completed = await CountAsync("SELECT count(*) FROM river_job WHERE state = 'completed'");
                if (completed >= inserted)
                {
                    // The round's work is done before its kills (a slow restart on a loaded machine): more work, so the
                    // kill is paced by a completion that can come.
                    await InsertScheduledJobsAsync(Processes, JobMs);
                    inserted += Processes;
                }
                killed += await KillOneBackendAsync();
                await WaitForCountAsync("SELECT count(*) FROM river_job WHERE state = 'completed'", completed + 1);
            }
        }
        var faultsDone = clock.Elapsed;
        await WaitForCountAsync("SELECT count(*) FROM river_job WHERE state = 'completed'", inserted, TimeSpan.FromMinutes(5));
        var total = clock.Elapsed;

        foreach (var worker in Workers)
        {
            worker.Terminate();
            Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        var lines = Workers.SelectMany(w => w.Lines).ToList();
        var declaredDead = lines.Count(l => l.Contains("[306]", StringComparison.Ordinal));
        var fenceRefused = lines.Count(l => l.Contains("[300]", StringComparison.Ordinal));
        var terms = lines.Count(l => l.Contains("[301]", StringComparison.Ordinal));
        var rescued = await CountAsync("""
            SELECT count(*) FROM river_job
            WHERE metadata ? 'river:rescue_count' OR EXISTS (SELECT 1 FROM unnest(errors) AS e WHERE e->>'error' LIKE 'rescued by the leader%')
            """);
        var retried = await CountAsync("SELECT count(*) FROM river_job WHERE attempt > 1");
        var unexplainedAttempts = await CountAsync("SELECT count(*) FROM river_job WHERE attempt <> coalesce(cardinality(errors), 0) + 1");
        var fencedWrites = await CountAsync("SELECT count(*) FROM fence_audit");
        var foreignWrites = await CountAsync("SELECT count(*) FROM fence_audit WHERE writer IS DISTINCT FROM holder");
        var believedTwoLeaders = await CountAsync(ReliabilityTables.OverlappingLeadership);
        var leaders = await CountAsync("SELECT count(DISTINCT writer) FROM fence_audit");

        output.WriteLine($"{Processes} processes × 10 workers, {inserted} jobs of {JobMs} ms; {restarts} immediate restarts " +
                         $"({FaultFigures.Describe(FaultFigures.Distribution(restartSeconds))} each), {killed} backends terminated; " +
                         $"faults over {faultsDone.TotalSeconds:0.0} s, all jobs completed after {total.TotalSeconds:0.0} s");
        output.WriteLine($"  clients declared dead: {declaredDead}; jobs rescued: {rescued}; jobs retried: {retried} (attempts not explained by an error: {unexplainedAttempts})");
        output.WriteLine($"  leader terms started: {terms}; fenced row writes that passed: {fencedWrites} (by {leaders} clients), of them by a client not holding the current term: {foreignWrites}");
        output.WriteLine($"  writes refused by the fence (deposed leaders): {fenceRefused}; overlapping sampled leadership (believed, not acting): {believedTwoLeaders}");
        var path = FaultFigures.Write("no-false-rescue-" + name, new JsonObject
        {
            ["scenario"] = "live worker processes while PostgreSQL is crash-restarted and client backends are terminated",
            ["processes"] = Processes,
            ["jobs"] = inserted,
            ["job_ms"] = JobMs,
            ["options"] = string.Join(' ', settings) + " (heartbeat defaults: 2 s, TTL 10 s)",
            ["immediate_restarts"] = restarts,
            ["restart_duration"] = FaultFigures.ToJson(FaultFigures.Distribution(restartSeconds)),
            ["backends_terminated"] = killed,
            ["faults_s"] = Math.Round(faultsDone.TotalSeconds, 1),
            ["all_completed_s"] = Math.Round(total.TotalSeconds, 1),
            ["clients_declared_dead"] = declaredDead,
            ["jobs_rescued"] = rescued,
            ["jobs_retried"] = retried,
            ["attempts_not_explained_by_an_error"] = unexplainedAttempts,
            ["leader_terms_started"] = terms,
            ["fenced_row_writes_passed"] = fencedWrites,
            ["fenced_row_writes_passed_by_non_holder"] = foreignWrites,
            ["writes_refused_by_fence"] = fenceRefused,
            ["sampled_leadership_overlaps"] = believedTwoLeaders,
        });
        output.WriteLine($"  figures: {path}");

        Assert.True(killed >= kills * 9 / 10, $"only {killed} of {kills} backend terminations hit a backend");
        Assert.Equal(0, declaredDead);
        Assert.Equal(0, rescued);
        Assert.Equal(0, unexplainedAttempts);
        Assert.Equal(0, foreignWrites);
        Assert.True(fencedWrites > 0, "the audit saw no fenced write: the trigger or the fence text changed");
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM river_job WHERE state <> 'completed'"));
        Assert.Equal(inserted, await CountAsync("SELECT count(DISTINCT job_id) FROM reliability_execution WHERE outcome = 'ok'"));
        Assert.Equal(0, await CountAsync(ReliabilityTables.OverlappingExecutions));
    }

    /// <summary>Inserts jobs in state scheduled, due at random moments of the next 5 seconds.</summary>
    private async Task InsertScheduledJobsAsync(int count, int sleepMs)
    {
        await using var cmd = DataSource.CreateCommand($"""
            INSERT INTO river_job (kind, args, queue, max_attempts, state, scheduled_at)
            SELECT '{ReliabilityTables.Kind}', jsonb_build_object('sleep_ms', $1::int), '{Queue}', 25, 'scheduled', now() + random() * interval '5 seconds'
            FROM generate_series(1, $2)
            """);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = sleepMs });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Terminates one random backend of the workers; 1 when one was terminated.</summary>
    private async Task<int> KillOneBackendAsync()
    {
        try
        {
            return (int)await CountAsync($"""
                SELECT count(*) FROM (SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
                                      WHERE application_name LIKE '{ClientPrefix}%' ORDER BY random() LIMIT 1) AS t WHERE ok
                """);
        }
        catch (NpgsqlException)
        {
            return 0;
        }
    }

    private Task<long> CountAsync(string sql) => ReliabilityTables.CountAsync(DataSource, sql);

    private Task WaitForCountAsync(string sql, long target, TimeSpan? timeout = null) =>
        ReliabilityTables.WaitForCountAsync(DataSource, sql, target, timeout ?? TimeSpan.FromSeconds(60),
            () => string.Join("\n\n", Workers.Select(w => $"--- {w.ClientId} ---\n{w.Output()}")));

    /// <summary>The audit of writes that passed the leader fence (see the class remarks).</summary>
    private const string FenceAudit = """
        CREATE TABLE fence_audit (
            id bigserial PRIMARY KEY,
            table_name text NOT NULL,
            writer text,
            holder text,
            term bigint,
            at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE FUNCTION fence_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF position('river_typed_leader_fence' IN current_query()) > 0 THEN
                INSERT INTO fence_audit (table_name, writer, holder, term)
                SELECT TG_TABLE_NAME, current_setting('application_name'), f.leader_id, f.term
                FROM (SELECT 1) AS one LEFT JOIN river_typed_fence AS f ON f.name = 'default';
            END IF;
            RETURN NULL;
        END;
        $$;
        CREATE TRIGGER fence_audit AFTER INSERT OR UPDATE OR DELETE ON river_job FOR EACH ROW EXECUTE FUNCTION fence_audit_row();
        CREATE TRIGGER fence_audit AFTER INSERT OR UPDATE OR DELETE ON river_typed_client FOR EACH ROW EXECUTE FUNCTION fence_audit_row();
        CREATE TRIGGER fence_audit AFTER INSERT OR UPDATE OR DELETE ON river_queue FOR EACH ROW EXECUTE FUNCTION fence_audit_row();
        """;
}
