namespace River.IntegrationTests.Reliability;

/// <summary>
/// Rescued workflow tasks keep their workflow: kill -9 of the process running them, the leader process declares it
/// dead by heartbeat and rescues them, a survivor process retries them; their dependents are released once each, only
/// after they completed (proved from the ledger the processes write), and a task the rescuer discards (no attempt
/// left) applies its dependents' failure policies.
/// </summary>
public sealed class WorkflowRescueFaultTests : ProcessTestBase
{
    private const string Victim = "rtw-wf-victim";
    private const string Survivor = "rtw-wf-survivor";
    private const string Leader = "rtw-wf-leader";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Heartbeat 250 ms (TTL 2 s), scheduler and poll 200 ms.</summary>
    private static readonly string[] ShortIntervals =
        ["--heartbeat-ms", "250", "--heartbeat-ttl-ms", "2000", "--scheduler-interval-ms", "200", "--poll-ms", "200"];

    [Fact]
    public async Task Tasks_of_a_killed_process_are_rescued_retried_and_release_their_dependents_once()
    {
        var leader = await StartWorkerAsync(Leader, ["--queues", "wf-lead:1", .. ShortIntervals]);
        await ReliabilityTables.WaitForCountAsync(DataSource, $"SELECT count(*) FROM river_leader WHERE leader_id = '{Leader}'", 1, Timeout, Outputs);
        var victim = await StartWorkerAsync(Victim, ["--queues", "default:10", .. ShortIntervals]);

        // Four roots that hang on their first attempt, a fan-in on them, and a task after it.
        await using var inserter = WorkflowLedger.Inserter(DataSource);
        var fanIn = new WorkflowBuilder("rescued fan-in");
        var roots = Enumerable.Range(1, 4).Select(i => fanIn.Add("root-" + i, new LedgerStepArgs(HangAttempts: 1))).ToArray();
        var sink = fanIn.Add("sink", new LedgerStepArgs(), new WorkflowTaskOptions { After = roots });
        fanIn.Add("after", new LedgerStepArgs(), new WorkflowTaskOptions { After = [sink] });
        // A task with one attempt: rescued, it is discarded; its dependents follow their policies.
        var failing = new WorkflowBuilder("rescued and discarded");
        failing.Add("doomed", new LedgerStepArgs(HangAttempts: 1), new WorkflowTaskOptions { InsertOptions = new InsertOptions { MaxAttempts = 1 } });
        failing.Add("cancelled", new LedgerStepArgs(), "doomed");
        failing.Add("anyway", new LedgerStepArgs(), new WorkflowTaskOptions { DependsOn = ["doomed"], OnFailure = WorkflowFailurePolicy.RunAnyway });
        await inserter.InsertWorkflowAsync(fanIn);
        await inserter.InsertWorkflowAsync(failing);
        await ReliabilityTables.WaitForCountAsync(DataSource,
            $"SELECT count(*) FROM river_job WHERE state = 'running' AND attempted_by[array_upper(attempted_by, 1)] = '{Victim}'", 5, Timeout, Outputs);
        var survivor = await StartWorkerAsync(Survivor, ["--queues", "default:10", .. ShortIntervals]);

        await victim.KillAsync();
        await ReliabilityTables.WaitForCountAsync(DataSource, WorkflowLedger.Finished, 2, Timeout, Outputs);

        var a = await WorkflowLedger.TaskIdsAsync(DataSource, fanIn.Id);
        var b = await WorkflowLedger.TaskIdsAsync(DataSource, failing.Id);
        var rootIds = string.Join(',', roots.Select(r => a[r.Name]));
        // The roots: rescued once (by heartbeat), attempt 1 started on the victim and never ended, attempt 2 completed.
        foreach (var root in roots)
        {
            var row = await DescribeAsync(a[root.Name]);
            Assert.True(row.StartsWith($"completed|2|{Victim},{Survivor}|", StringComparison.Ordinal)
                        && row.Contains($"client '{Victim}' that was running this job was declared dead", StringComparison.Ordinal), $"{root.Name}: {row}");
        }
        Assert.Equal(4, await ReliabilityTables.CountAsync(DataSource,
            $"SELECT count(*) FROM reliability_ledger WHERE job_id IN ({rootIds}) AND attempt = 1 AND client_id = '{Victim}' AND ended_at IS NULL"));
        // Their dependents ran once each, after them.
        Assert.Equal(1, await ReliabilityTables.CountAsync(DataSource, $"SELECT count(*) FROM reliability_ledger WHERE job_id = {a["sink"]}"));
        Assert.Equal(1, await ReliabilityTables.CountAsync(DataSource, $"SELECT count(*) FROM reliability_ledger WHERE job_id = {a["after"]}"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, WorkflowLedger.EarlyStarts));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource,
            $"SELECT count(*) FROM river_job WHERE id IN ({string.Join(',', a.Values)}) AND state <> 'completed'"));

        // The discarded task: its default-policy dependent is cancelled without running, the run-anyway one ran.
        Assert.Equal("discarded", await StateAsync(b["doomed"]));
        Assert.Equal("cancelled", await StateAsync(b["cancelled"]));
        Assert.Equal("completed", await StateAsync(b["anyway"]));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, $"SELECT count(*) FROM reliability_ledger WHERE job_id = {b["cancelled"]}"));
        Assert.Equal(1, await ReliabilityTables.CountAsync(DataSource, $"SELECT count(*) FROM reliability_ledger WHERE job_id = {b["anyway"]}"));

        Assert.Single(leader.Lines, l => l.Contains($"Declared client {Victim} dead", StringComparison.Ordinal));
        Assert.Empty(leader.ErrorLines.Concat(survivor.ErrorLines));
    }

    /// <summary>state|attempt|attempted_by|first error of a job.</summary>
    private async Task<string> DescribeAsync(long id)
    {
        await using var cmd = DataSource.CreateCommand(
            $"SELECT state::text || '|' || attempt || '|' || array_to_string(attempted_by, ',') || '|' || coalesce(errors[1]->>'error', '') FROM river_job WHERE id = {id}");
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<string> StateAsync(long id)
    {
        await using var cmd = DataSource.CreateCommand($"SELECT state::text FROM river_job WHERE id = {id}");
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
