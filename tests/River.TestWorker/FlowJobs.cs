using Npgsql;

namespace River.TestWorker;

// The flow fleet test's kinds (tests/River.IntegrationTests/Reliability/FlowFleetTests.cs). Their concurrency and
// rate limits are declared in options only with --flow (FlowDeclarations below): a limit on any kind makes every queue
// of the database use the limited fetch, which the other reliability tests must not. The sequence is an attribute: it
// only marks its own queue, fleet_sequence, as sequenced.

/// <summary>At most 3 running across the fleet (with <c>--flow</c>).</summary>
[JobArgs("fleet.limited", Queue = "fleet_limited")]
public sealed record FleetLimitedJob(int N, int SleepMs);

/// <summary>At most 1 running per customer across the fleet (with <c>--flow</c>).</summary>
[JobArgs("fleet.customer", Queue = "fleet_customer")]
public sealed record FleetCustomerJob(int CustomerId, int N, int SleepMs);

/// <summary>One sequence per order: one at a time, in insertion order.</summary>
[JobArgs("fleet.step", Queue = "fleet_sequence"), Sequence(By = "order_id")]
public sealed record FleetStepJob(int OrderId, int N, int SleepMs);

/// <summary>At most 50 starts a second across the fleet (with <c>--flow</c>).</summary>
[JobArgs("fleet.rated", Queue = "fleet_rate")]
public sealed record FleetRatedJob(int N, int SleepMs);

/// <summary>The limits <c>--flow</c> declares, in client options.</summary>
internal static class FlowDeclarations
{
    public static void Declare(FlowControlOptions flow)
    {
        flow.Kinds["fleet.limited"] = new FlowOptions { MaxRunning = 3 };
        flow.Kinds["fleet.customer"] = new FlowOptions { MaxRunning = 1, PartitionBy = "customer_id" };
        flow.Kinds["fleet.rated"] = new FlowOptions { RateLimit = 50, RatePeriod = TimeSpan.FromSeconds(1) };
    }
}

/// <summary>
/// Writes each run of a fleet kind into <c>reliability_flow_run</c> (created by the tests): a row at its start and its
/// end time at its end, both from the database clock (<c>clock_timestamp()</c>), so runs of different processes compare
/// and the tests compute the overlap in SQL. The row is written after the fetch marked the job running and ended before
/// the completer marks it completed: a run's interval lies inside its job's running interval.
/// </summary>
internal sealed class FlowRunRecorder(NpgsqlDataSource dataSource, WorkerSettings settings)
{
    public async Task RunAsync(long jobId, string kind, string part, int n, int sleepMs, CancellationToken ct)
    {
        long run;
        await using (var start = dataSource.CreateCommand("""
            INSERT INTO reliability_flow_run (job_id, kind, part, n, client_id, started_at)
            VALUES ($1, $2, $3, $4, $5, clock_timestamp()) RETURNING id
            """))
        {
            start.Parameters.Add(new NpgsqlParameter<long> { TypedValue = jobId });
            start.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
            start.Parameters.Add(new NpgsqlParameter<string> { TypedValue = part });
            start.Parameters.Add(new NpgsqlParameter<int> { TypedValue = n });
            start.Parameters.Add(new NpgsqlParameter<string> { TypedValue = settings.ClientId });
            run = (long)(await start.ExecuteScalarAsync(ct))!;
        }
        if (sleepMs > 0)
        {
            await Task.Delay(sleepMs, ct);
        }
        await using var end = dataSource.CreateCommand("UPDATE reliability_flow_run SET ended_at = clock_timestamp() WHERE id = $1");
        end.Parameters.Add(new NpgsqlParameter<long> { TypedValue = run });
        await end.ExecuteNonQueryAsync(ct);
    }
}

internal sealed class FleetLimitedWorker(FlowRunRecorder recorder) : Worker<FleetLimitedJob>
{
    public override Task WorkAsync(Job<FleetLimitedJob> job, CancellationToken cancellationToken) =>
        recorder.RunAsync(job.Id, job.Kind, "", job.Args.N, job.Args.SleepMs, cancellationToken);
}

internal sealed class FleetCustomerWorker(FlowRunRecorder recorder) : Worker<FleetCustomerJob>
{
    public override Task WorkAsync(Job<FleetCustomerJob> job, CancellationToken cancellationToken) =>
        recorder.RunAsync(job.Id, job.Kind, job.Args.CustomerId.ToString(System.Globalization.CultureInfo.InvariantCulture), job.Args.N, job.Args.SleepMs, cancellationToken);
}

internal sealed class FleetStepWorker(FlowRunRecorder recorder) : Worker<FleetStepJob>
{
    public override Task WorkAsync(Job<FleetStepJob> job, CancellationToken cancellationToken) =>
        recorder.RunAsync(job.Id, job.Kind, job.Args.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), job.Args.N, job.Args.SleepMs, cancellationToken);
}

internal sealed class FleetRatedWorker(FlowRunRecorder recorder) : Worker<FleetRatedJob>
{
    public override Task WorkAsync(Job<FleetRatedJob> job, CancellationToken cancellationToken) =>
        recorder.RunAsync(job.Id, job.Kind, "", job.Args.N, job.Args.SleepMs, cancellationToken);
}
