using Npgsql;

namespace River.TestWorker;

/// <summary>
/// Writes one row per attempt into <c>reliability_execution</c>, and the start and end of each workflow step's attempt
/// into <c>reliability_ledger</c> (both created by the tests). Retries for a while when the database is unreachable or
/// the connection broke (not on SQL or privilege errors, class 42) (the tests restart it), so a fault costs a delay,
/// not a lost record.
/// </summary>
internal sealed class ExecutionRecorder(NpgsqlDataSource dataSource, WorkerSettings settings)
{
    private const string Insert = """
        INSERT INTO reliability_execution (job_id, attempt, pid, client_id, started_at, finished_at, outcome)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    /// <summary>A step attempt's start, by the database clock; once per (job, attempt) even when a lost reply makes it retry.</summary>
    private const string StepStart = """
        INSERT INTO reliability_ledger (job_id, attempt, client_id, started_at) VALUES ($1, $2, $3, clock_timestamp())
        ON CONFLICT (job_id, attempt) DO NOTHING
        """;

    private const string StepEnd = "UPDATE reliability_ledger SET ended_at = clock_timestamp(), outcome = $3 WHERE job_id = $1 AND attempt = $2";

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public Task RecordAsync(long jobId, int attempt, DateTimeOffset started, DateTimeOffset finished, string outcome) =>
        ExecuteAsync(Insert, jobId, attempt, Environment.ProcessId, settings.ClientId, started.UtcDateTime, finished.UtcDateTime, outcome);

    public Task RecordStepStartAsync(long jobId, int attempt) => ExecuteAsync(StepStart, jobId, attempt, settings.ClientId);

    public Task RecordStepEndAsync(long jobId, int attempt, string outcome) => ExecuteAsync(StepEnd, jobId, attempt, outcome);

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                await using var cmd = dataSource.CreateCommand(sql);
                foreach (var value in values)
                {
                    cmd.Parameters.Add(new NpgsqlParameter { Value = value });
                }
                await cmd.ExecuteNonQueryAsync();
                return;
            }
            catch (NpgsqlException e) when (e is not PostgresException { SqlState: ['4', '2', ..] } && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(RetryDelay);
            }
        }
    }
}
