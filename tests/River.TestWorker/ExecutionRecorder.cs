using Npgsql;

namespace River.TestWorker;

/// <summary>
/// Writes one row per attempt into <c>reliability_execution</c> (created by the tests). Retries for a while when
/// the database is unreachable or the connection broke (not on SQL or privilege errors, class 42) (the tests restart it), so a fault costs a delay, not a lost record.
/// </summary>
internal sealed class ExecutionRecorder(NpgsqlDataSource dataSource, WorkerSettings settings)
{
    private const string Insert = """
        INSERT INTO reliability_execution (job_id, attempt, pid, client_id, started_at, finished_at, outcome)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    public async Task RecordAsync(long jobId, int attempt, DateTimeOffset started, DateTimeOffset finished, string outcome)
    {
        var deadline = DateTimeOffset.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                await using var cmd = dataSource.CreateCommand(Insert);
                cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = jobId });
                cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = attempt });
                cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Environment.ProcessId });
                cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = settings.ClientId });
                cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = started.UtcDateTime });
                cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = finished.UtcDateTime });
                cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = outcome });
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
