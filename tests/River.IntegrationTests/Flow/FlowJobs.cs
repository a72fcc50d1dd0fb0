using Npgsql;

namespace River.IntegrationTests.Flow;

/// <summary>At most 3 running across every client.</summary>
[JobArgs("flow.export", Queue = "flow_export"), ConcurrencyLimit(3)]
public sealed record ExportArgs(int N);

/// <summary>At most 1 running per customer.</summary>
[JobArgs("flow.sync", Queue = "flow_sync"), ConcurrencyLimit(1, PartitionBy = "customer_id")]
public sealed record SyncArgs(int CustomerId, int N);

/// <summary>One sequence per order.</summary>
[JobArgs("flow.step", Queue = "flow_seq"), Sequence(By = "order_id")]
public sealed record StepArgs(int OrderId, int N);

/// <summary>No limit of its own (limits are set by the tests, in options or at run time).</summary>
[JobArgs("flow.plain", Queue = "flow_plain")]
public sealed record PlainArgs(int N);

/// <summary>Rate limited: 10 starts a second, bursts of 5.</summary>
[JobArgs("flow.call", Queue = "flow_rate"), RateLimit(10, 1, Burst = 5)]
public sealed record CallArgs(int N);

/// <summary>
/// Records each run in the side table <c>flow_runs</c> (start and end read from the database clock, so runs in
/// different clients compare), holding its slot a few milliseconds so runs overlap when a limit lets them.
/// </summary>
internal sealed class RunRecorder(NpgsqlDataSource dataSource, int expected)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    public Task AllDone => _done.Task;

    public Func<long, Task>? DuringRun { get; init; }

    public static async Task CreateTableAsync(NpgsqlDataSource dataSource)
    {
        await using var cmd = dataSource.CreateCommand("""
            CREATE TABLE flow_runs (job_id bigint NOT NULL, part text NOT NULL, n int NOT NULL,
                                    started_at timestamptz NOT NULL, ended_at timestamptz)
            """);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task RecordAsync(long jobId, string part, int n, CancellationToken ct)
    {
        await using (var start = dataSource.CreateCommand("INSERT INTO flow_runs (job_id, part, n, started_at) VALUES ($1, $2, $3, clock_timestamp())"))
        {
            start.Parameters.Add(new NpgsqlParameter<long> { TypedValue = jobId });
            start.Parameters.Add(new NpgsqlParameter<string> { TypedValue = part });
            start.Parameters.Add(new NpgsqlParameter<int> { TypedValue = n });
            await start.ExecuteNonQueryAsync(ct);
        }
        // The work: long enough that runs the limits allow do overlap (this is what the side table measures).
        await Task.Delay(Random.Shared.Next(5, 25), ct);
        if (DuringRun is { } during)
        {
            await during(jobId);
        }
        await using (var end = dataSource.CreateCommand("UPDATE flow_runs SET ended_at = clock_timestamp() WHERE job_id = $1 AND ended_at IS NULL"))
        {
            end.Parameters.Add(new NpgsqlParameter<long> { TypedValue = jobId });
            await end.ExecuteNonQueryAsync(ct);
        }
        if (Interlocked.Increment(ref _runs) == expected)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>The most runs that overlapped at any instant, per partition (<c>part</c>) or overall (null).</summary>
    public static async Task<int> MaxOverlapAsync(NpgsqlDataSource dataSource, bool perPart)
    {
        await using var cmd = dataSource.CreateCommand($"""
            SELECT coalesce(max(c), 0)::int FROM (
              SELECT (SELECT count(*) FROM flow_runs o
                      WHERE o.started_at <= r.started_at AND (o.ended_at IS NULL OR o.ended_at > r.started_at)
                        {(perPart ? "AND o.part = r.part" : "")}) AS c
              FROM flow_runs r) s
            """);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }
}

internal sealed class ExportWorker(RunRecorder recorder) : Worker<ExportArgs>
{
    public override Task WorkAsync(Job<ExportArgs> job, CancellationToken ct) => recorder.RecordAsync(job.Id, "", job.Args.N, ct);
}

internal sealed class SyncWorker(RunRecorder recorder) : Worker<SyncArgs>
{
    public override Task WorkAsync(Job<SyncArgs> job, CancellationToken ct) => recorder.RecordAsync(job.Id, job.Args.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture), job.Args.N, ct);
}

internal sealed class StepWorker(RunRecorder recorder) : Worker<StepArgs>
{
    public override Task WorkAsync(Job<StepArgs> job, CancellationToken ct) => recorder.RecordAsync(job.Id, job.Args.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), job.Args.N, ct);
}

internal sealed class PlainWorker(RunRecorder recorder) : Worker<PlainArgs>
{
    public override Task WorkAsync(Job<PlainArgs> job, CancellationToken ct) => recorder.RecordAsync(job.Id, "", job.Args.N, ct);
}

internal sealed class CallWorker(RunRecorder recorder) : Worker<CallArgs>
{
    public override Task WorkAsync(Job<CallArgs> job, CancellationToken ct) => recorder.RecordAsync(job.Id, "", job.Args.N, ct);
}
