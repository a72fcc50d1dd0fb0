using Npgsql;
using River.Testing;
using Xunit.Abstractions;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// Random workflows (seeded DAGs) worked by three worker processes while the harness kills processes (kill -9, each
/// replaced by a new one) and, in the full run, crash-restarts PostgreSQL (<c>pg_ctl restart -m immediate</c>). Proved
/// from the side ledger the processes write (start and end of every attempt, database clock): no task started before
/// each of its dependencies had ended its last successful attempt, every task completed with a successful attempt (none
/// lost), every workflow finished and no edge is left unsatisfied. Runs on its own durable PostgreSQL (it crashes it).
/// </summary>
public sealed class WorkflowFaultTests(ITestOutputHelper output) : OwnServerTestBase
{
    private const string ClientPrefix = "rtw-wff-";

    /// <summary>Heartbeat 250 ms (TTL 2 s), lease 500 ms (TTL 2 s), scheduler and poll 200 ms.</summary>
    private static readonly string[] Settings =
    [
        "--queues", "default:20", "--heartbeat-ms", "250", "--heartbeat-ttl-ms", "2000", "--leader-interval-ms", "500", "--leader-ttl-ms", "2000",
        "--scheduler-interval-ms", "200", "--poll-ms", "200",
    ];

    /// <summary>Durable: an immediate restart keeps every committed transaction, as a production server does.</summary>
    protected override ThrowawayPostgresOptions ServerOptions => DurableServerOptions();

    [Fact]
    public Task Ten_workflows_of_ten_tasks_finish_in_dependency_order_through_a_killed_process() =>
        RunAsync(workflows: 10, tasks: 10, kills: 1, restart: false, TimeSpan.FromSeconds(90));

    [Fact]
    [Trait("Category", "Slow")]
    public Task Two_hundred_workflows_of_fifty_tasks_finish_in_dependency_order_through_kills_and_a_database_crash() =>
        RunAsync(workflows: 200, tasks: 50, kills: 2, restart: true, TimeSpan.FromMinutes(10));

    private async Task RunAsync(int workflows, int tasks, int kills, bool restart, TimeSpan timeout)
    {
        var next = 0;
        async Task<WorkerProcess> StartOneAsync()
        {
            var worker = await WorkerProcess.StartedAsync(Server.ConnectionString, ClientPrefix + next++, Settings);
            Workers.Add(worker);
            return worker;
        }
        var live = new List<WorkerProcess>();
        for (var i = 0; i < 3; i++)
        {
            live.Add(await StartOneAsync());
        }

        var random = new Random(20_261_203);
        await using (var inserter = WorkflowLedger.Inserter(DataSource))
        {
            for (var w = 0; w < workflows; w++)
            {
                await inserter.InsertWorkflowAsync(RandomWorkflow(random, w, tasks));
            }
        }
        var total = workflows * tasks;
        var edges = await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_typed_workflow_edge");
        output.WriteLine($"{workflows} workflows of {tasks} tasks, {edges} edges; {kills} kills, restart: {restart}");

        // Faults at even steps of progress (successful attempts in the ledger): kills, and the restart half-way.
        var faults = kills + (restart ? 1 : 0);
        for (var f = 1; f <= faults; f++)
        {
            await ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(DISTINCT job_id) FROM reliability_ledger WHERE outcome = 'ok'",
                total * f / (faults + 1), timeout, Outputs);
            if (restart && f == (faults + 1) / 2)
            {
                await Server.RestartImmediateAsync();
                NpgsqlConnection.ClearAllPools();
                output.WriteLine("restarted PostgreSQL (immediate)");
                continue;
            }
            var victim = live[f % live.Count];
            await victim.KillAsync();
            live.Remove(victim);
            live.Add(await StartOneAsync());
            output.WriteLine($"killed {victim.ClientId}, started {live[^1].ClientId}");
        }

        await ReliabilityTables.WaitForCountAsync(DataSource, WorkflowLedger.Finished, workflows, timeout, Outputs);

        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, WorkflowLedger.EarlyStarts));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, WorkflowLedger.NotDone));
        Assert.Equal(total, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_typed_workflow_task"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_typed_workflow_edge WHERE NOT satisfied"));
        var attempts = await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM reliability_ledger");
        var rescued = await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_job WHERE metadata ? 'river:rescue_count'");
        output.WriteLine($"{attempts} attempts in the ledger for {total} tasks; {rescued} tasks rescued");
        Assert.Empty(Workers.SelectMany(w => w.ErrorLines));
    }

    private string Outputs() => string.Join("\n\n", Workers.Select(w => $"--- {w.ClientId} (pid {w.Pid}) ---\n{w.Output()}"));

    /// <summary>
    /// Workflow <paramref name="index"/>: tasks t0…, each depending on up to three random earlier tasks (so acyclic),
    /// sleeping 0–20 ms; one task in ten fails its first attempt (retried after River's first backoff, about 1 s).
    /// </summary>
    private static WorkflowBuilder RandomWorkflow(Random random, int index, int tasks)
    {
        var workflow = new WorkflowBuilder("fault " + index);
        for (var t = 0; t < tasks; t++)
        {
            var deps = t == 0 ? [] : Enumerable.Range(0, random.Next(0, 4)).Select(_ => "t" + random.Next(0, t)).Distinct().ToArray();
            var args = new LedgerStepArgs(SleepMs: random.Next(0, 21), FailAttempts: random.Next(10) == 0 ? 1 : 0);
            workflow.Add("t" + t, args, deps);
        }
        return workflow;
    }
}
