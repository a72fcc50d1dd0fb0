using Npgsql;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Reliability;

/// <summary>The test side of River.TestWorker's <c>reliability.step</c> kind (same JSON: sleep_ms, fail_attempts, hang_attempts).</summary>
public sealed record LedgerStepArgs(int SleepMs = 0, int FailAttempts = 0, int HangAttempts = 0);

/// <summary>
/// Workflows of <see cref="LedgerStepArgs"/> tasks, worked by River.TestWorker processes that write each attempt's start
/// and end to <c>reliability_ledger</c> (database clock), and the queries that prove the order from that ledger.
/// </summary>
internal static class WorkflowLedger
{
    public const string Kind = "reliability.step";

    public static readonly JobDefinition<LedgerStepArgs> Step = TestDefinitions.Create<LedgerStepArgs>(Kind);

    /// <summary>
    /// Attempts of a task that started before one of its dependencies had ended a successful attempt (its last one:
    /// a dependency whose completion was lost runs again, and its dependents are released only after that run), or
    /// whose dependency never ended one. Dependents that run anyway after a failed dependency are left out.
    /// </summary>
    public const string EarlyStarts = """
        SELECT count(*)
        FROM river_typed_workflow_edge e
        JOIN river_typed_workflow_task t ON t.job_id = e.job_id AND t.on_failure <> 'run'
        JOIN reliability_ledger s ON s.job_id = e.job_id
        LEFT JOIN LATERAL (SELECT max(ended_at) AS ended_at FROM reliability_ledger l WHERE l.job_id = e.dep_job_id AND l.outcome = 'ok') d ON true
        WHERE d.ended_at IS NULL OR s.started_at <= d.ended_at
        """;

    /// <summary>Tasks that are not completed, or completed without a successful attempt in the ledger.</summary>
    public const string NotDone = """
        SELECT count(*) FROM river_typed_workflow_task t JOIN river_job j ON j.id = t.job_id
        WHERE j.state <> 'completed' OR NOT EXISTS (SELECT 1 FROM reliability_ledger l WHERE l.job_id = t.job_id AND l.outcome = 'ok')
        """;

    /// <summary>Workflows with a finish time (<see cref="ReliabilityTables.WaitForCountAsync"/> waits for a count to rise).</summary>
    public const string Finished = "SELECT count(*) FROM river_typed_workflow WHERE finished_at IS NOT NULL";

    /// <summary>A client that only inserts (no queue; never started).</summary>
    public static RiverClient Inserter(NpgsqlDataSource dataSource)
    {
        _ = Step;
        return new RiverClient(new RiverClientOptions { DataSource = dataSource });
    }

    /// <summary>The (task name → job id) of a workflow.</summary>
    public static async Task<Dictionary<string, long>> TaskIdsAsync(NpgsqlDataSource dataSource, string workflowId)
    {
        await using var cmd = dataSource.CreateCommand("SELECT name, job_id FROM river_typed_workflow_task WHERE workflow_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workflowId });
        var ids = new Dictionary<string, long>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids[reader.GetString(0)] = reader.GetInt64(1);
        }
        return ids;
    }
}
