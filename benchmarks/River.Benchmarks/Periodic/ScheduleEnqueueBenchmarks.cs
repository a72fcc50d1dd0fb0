using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using River;
using River.Periodic;
using River.Testing;

namespace River.Benchmarks.Periodic;

/// <summary>
/// Issue 19's target: with 10,000 durable schedules stored, one pass of the leader's enqueuer
/// (<see cref="PeriodicJobEnqueuer"/>: find what is due, then per due schedule lock, insert, advance, commit) stays
/// under 50 ms. <see cref="Due"/> schedules are made due before each pass (the rest are not due for an hour); a
/// 10,000-schedule cluster of minute schedules has about 167 due a second, of hourly ones about 3. On a throwaway
/// PostgreSQL; run with <c>dotnet run -c Release --project benchmarks/River.Benchmarks -- --filter *ScheduleEnqueue*</c>.
/// The monitored job warms up with 40 passes: a leader runs a pass every second, so its code is the JIT's optimized
/// tier within a minute; with 3 warm-up passes the measured ones ran partly as unoptimized first-tier code.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 40, iterationCount: 15)]
public class ScheduleEnqueueBenchmarks
{
    public const int Schedules = 10_000;

    [Params(0, 10, 100, 1000)]
    public int Due { get; set; }

    private ThrowawayPostgres _server = null!;
    private NpgsqlDataSource _dataSource = null!;
    private RiverClient _client = null!;
    private PeriodicJobEnqueuer _enqueuer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests()).GetAwaiter().GetResult();
        _dataSource = NpgsqlDataSource.Create(_server.ConnectionString);
        new RiverMigrator(_dataSource).MigrateUpAllLinesAsync().GetAwaiter().GetResult();
        using (var insert = _dataSource.CreateCommand($"""
            INSERT INTO river_typed_schedule (id, owner, schedule, kind, args, next_run_at)
            SELECT 'bench.schedule_' || g, 'runtime', '@every 1h', 'bench.noop', jsonb_build_object('n', g), now() + interval '1 hour'
            FROM generate_series(1, {Schedules}) AS g
            """))
        {
            insert.ExecuteNonQuery();
        }
        var options = new RiverClientOptions { DataSource = _dataSource };
        _client = new RiverClient(options);
        _enqueuer = _client.Maintenance.Get<PeriodicJobEnqueuer>()!;
        // Driven by hand, as the leader: the enqueuer's writes are fenced by the leader's term (line typed).
        _client.Context.Fence.AdoptCurrentTermForTestsAsync(_client.Context.DataSource, _client.Context.Sql).GetAwaiter().GetResult();
        _enqueuer.RunOnceAsync().GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void MakeDue()
    {
        using var cmd = _dataSource.CreateCommand(
            "UPDATE river_typed_schedule SET next_run_at = CASE WHEN id IN (SELECT id FROM river_typed_schedule ORDER BY random() LIMIT @due) THEN now() - interval '1 second' ELSE now() + interval '1 hour' END");
        cmd.Parameters.AddWithValue("due", Due);
        cmd.ExecuteNonQuery();
        using var vacuum = _dataSource.CreateCommand("VACUUM ANALYZE river_typed_schedule");
        vacuum.ExecuteNonQuery();
    }

    /// <summary>One pass of the leader's enqueuer; returns the jobs it inserted (= <see cref="Due"/>).</summary>
    [Benchmark]
    public int EnqueuePass() => _enqueuer.RunOnceAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dataSource.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
