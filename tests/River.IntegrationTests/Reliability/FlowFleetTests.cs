using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// Flow control across worker processes (River.TestWorker with <c>--flow</c>, its kinds in FlowJobs.cs), all four
/// scenarios at once on the same processes: a kind limit of 3, a limit of 1 per customer, one sequence, a rate of 50
/// a second. Each process could run far more than a limit allows (20–25 workers per queue), so only the fetch keeps
/// the limits. Every limit is checked twice: sampled from <c>river_job</c> every few milliseconds while the fleet
/// works, and from the side table <c>reliability_flow_run</c> the workers write (database-clock start and end, the
/// most runs overlapping at any instant computed in SQL). Each check also proves it could fail: the limit was
/// reached, customers ran in parallel, the sequence moved between processes.
/// </summary>
public sealed class FlowFleetTests(ITestOutputHelper output) : ProcessTestBase
{
    private const int Processes = 4;

    [Fact]
    public Task Four_processes_keep_a_limit_of_3_one_per_customer_a_sequence_and_a_rate_short() => RunAsync(new Sizes(
        Limited: 90, Customers: 20, PerCustomer: 3, Steps: 100, Rated: 150, SleepMs: 15), TimeSpan.FromSeconds(90));

    /// <summary>The figures: 100 customers at once, a sequence of 1,000, a rate of 50/s within ±10 % over a minute.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public Task Four_processes_keep_a_limit_of_3_one_per_customer_a_sequence_of_1000_and_50_a_second_over_a_minute() => RunAsync(new Sizes(
        Limited: 900, Customers: 100, PerCustomer: 10, Steps: 1000, Rated: 3_300, SleepMs: 20), TimeSpan.FromMinutes(4));

    private sealed record Sizes(int Limited, int Customers, int PerCustomer, int Steps, int Rated, int SleepMs)
    {
        public int Total => Limited + Customers * PerCustomer + Steps + Rated;
    }

    private async Task RunAsync(Sizes sizes, TimeSpan timeout)
    {
        string[] settings = ["--flow", "1", "--queues", "fleet_limited:20,fleet_customer:25,fleet_sequence:5,fleet_rate:20", "--poll-ms", "50", "--cooldown-ms", "5"];
        var workers = new List<WorkerProcess>();
        for (var i = 0; i < Processes; i++)
        {
            workers.Add(await StartWorkerAsync($"rtw-flow-{i}", settings));
        }
        await InsertAsync(sizes);
        var clock = Stopwatch.StartNew();
        using var stopSampling = new CancellationTokenSource();
        var sampling = SampleAsync(stopSampling.Token);
        try
        {
            await ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state = 'completed'", sizes.Total, timeout, Outputs);
        }
        finally
        {
            await stopSampling.CancelAsync();
        }
        var sampled = await sampling;
        output.WriteLine($"{sizes.Total} jobs on {Processes} processes in {clock.Elapsed.TotalSeconds:0.0} s; {sampled.Count} samples: "
            + $"limited ≤ {sampled.Limited}, per customer ≤ {sampled.PerCustomer}, sequence ≤ {sampled.Steps}");
        foreach (var worker in workers)
        {
            worker.Terminate();
            Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        // Every job ran once, and its run was recorded.
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM river_job WHERE state <> 'completed' OR attempt <> 1"));
        Assert.Equal(sizes.Total, await CountAsync("SELECT count(DISTINCT job_id) FROM reliability_flow_run WHERE ended_at IS NOT NULL"));
        Assert.Equal(Processes, await CountAsync("SELECT count(DISTINCT client_id) FROM reliability_flow_run"));

        // Sampled from the database while the fleet worked (hundreds of samples, so the sampler did run).
        Assert.True(sampled.Count >= 100, $"only {sampled.Count} samples");
        Assert.InRange(sampled.Limited, 1, 3);
        Assert.InRange(sampled.PerCustomer, 1, 1);
        Assert.InRange(sampled.Steps, 1, 1);

        // The side table: the limit of 3 was reached and never exceeded.
        var limitedOverlap = await MaxOverlapAsync("fleet.limited", perPart: false);
        Assert.Equal(3, limitedOverlap);
        // One per customer, while many customers ran at the same time.
        Assert.Equal(1, await MaxOverlapAsync("fleet.customer", perPart: true));
        var customersAtOnce = await MaxOverlapAsync("fleet.customer", perPart: false);
        Assert.True(customersAtOnce >= Math.Min(10, sizes.Customers / 2), $"at most {customersAtOnce} customers ran at once");
        // The sequence: strictly in insertion order, each step starting after the previous one ended, across processes.
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM (
              SELECT n, started_at, lag(n) OVER w AS previous_n, lag(ended_at) OVER w AS previous_end
              FROM reliability_flow_run WHERE kind = 'fleet.step' WINDOW w AS (ORDER BY started_at, id)) s
            WHERE previous_n IS NOT NULL AND (n <> previous_n + 1 OR started_at < previous_end)
            """));
        Assert.Equal(sizes.Steps, await CountAsync("SELECT count(*) FROM reliability_flow_run WHERE kind = 'fleet.step'"));
        Assert.True(await CountAsync("SELECT count(DISTINCT client_id) FROM reliability_flow_run WHERE kind = 'fleet.step'") >= 2,
            "the sequence never moved between processes");
        await CheckRateAsync(sizes.Rated);
        output.WriteLine($"side table: limited ≤ {limitedOverlap}, customers at once {customersAtOnce}");
        Assert.Empty(workers.SelectMany(w => w.ErrorLines));
    }

    /// <summary>
    /// 50 a second with a bucket of 50 (one second's worth): at most 50 + 50 × T starts in any window of T seconds.
    /// A backlog that lasts a minute and more is held to 50 a second ±10 % over the minute after the first 2 s.
    /// </summary>
    private async Task CheckRateAsync(int rated)
    {
        var busiestSecond = await CountAsync("""
            SELECT max((SELECT count(*) FROM river_job o
                        WHERE o.kind = 'fleet.rated' AND o.attempted_at >= j.attempted_at AND o.attempted_at < j.attempted_at + interval '1 second'))
            FROM river_job j WHERE j.kind = 'fleet.rated'
            """);
        output.WriteLine($"rate: busiest second {busiestSecond} starts");
        // The burst and one second's refill, plus one for rounding at the window's edge.
        Assert.InRange(busiestSecond, 1, 101);
        // The backlog beyond the burst cannot start faster than 50 a second.
        var spanMs = await CountAsync("SELECT (extract(epoch FROM max(attempted_at) - min(attempted_at)) * 1000)::bigint FROM river_job WHERE kind = 'fleet.rated'");
        Assert.True(spanMs >= (rated - 50) * 1000L / 50 * 9 / 10, $"{rated} rated jobs started within {spanMs} ms");
        if (rated >= 50 * 62 + 50)
        {
            var inMinute = await CountAsync("""
                SELECT count(*) FROM river_job, (SELECT min(attempted_at) AS t0 FROM river_job WHERE kind = 'fleet.rated') f
                WHERE kind = 'fleet.rated' AND attempted_at >= f.t0 + interval '2 seconds' AND attempted_at < f.t0 + interval '62 seconds'
                """);
            output.WriteLine($"rate: {inMinute} starts in the minute from 2 s (50/s: 3,000)");
            Assert.InRange(inMinute, 2_700, 3_300);
        }
    }

    /// <summary>
    /// The jobs, in one statement per kind, in an order that makes the fetch work: customer by customer (the first
    /// jobs in fetch order are one customer's, so the fetch must step over them), the sequence's steps in order.
    /// Sequence jobs carry the key the runtime would write (<c>river:sequence</c> = kind:order).
    /// </summary>
    private async Task InsertAsync(Sizes sizes)
    {
        await ExecuteAsync("""
            INSERT INTO river_job (kind, queue, args, max_attempts)
            SELECT 'fleet.limited', 'fleet_limited', jsonb_build_object('n', i, 'sleep_ms', $1::int), 25 FROM generate_series(1, $2) i
            """, sizes.SleepMs, sizes.Limited);
        await ExecuteAsync("""
            INSERT INTO river_job (kind, queue, args, max_attempts)
            SELECT 'fleet.customer', 'fleet_customer', jsonb_build_object('customer_id', i / $3::int, 'n', i, 'sleep_ms', $1::int), 25
            FROM generate_series(0, $2 - 1) i
            """, sizes.SleepMs, sizes.Customers * sizes.PerCustomer, sizes.PerCustomer);
        await ExecuteAsync("""
            INSERT INTO river_job (kind, queue, args, metadata, max_attempts)
            SELECT 'fleet.step', 'fleet_sequence', jsonb_build_object('order_id', 7, 'n', i, 'sleep_ms', 2), '{"river:sequence": "fleet.step:7"}', 25
            FROM generate_series(1, $1) i ORDER BY i
            """, sizes.Steps);
        await ExecuteAsync("""
            INSERT INTO river_job (kind, queue, args, max_attempts)
            SELECT 'fleet.rated', 'fleet_rate', jsonb_build_object('n', i, 'sleep_ms', 0), 25 FROM generate_series(1, $1) i
            """, sizes.Rated);
    }

    private sealed record Samples(int Count, int Limited, int PerCustomer, int Steps);

    /// <summary>Samples the running jobs every 5 ms until cancelled: the most seen at once per limit.</summary>
    private async Task<Samples> SampleAsync(CancellationToken stop)
    {
        int count = 0, limited = 0, perCustomer = 0, steps = 0;
        await using var connection = await DataSource.OpenConnectionAsync(CancellationToken.None);
        await using var cmd = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE kind = 'fleet.limited')::int,
                   coalesce(max(per_customer), 0)::int,
                   count(*) FILTER (WHERE kind = 'fleet.step')::int
            FROM river_job
            LEFT JOIN LATERAL (SELECT count(*) AS per_customer FROM river_job c
                               WHERE c.state = 'running' AND c.kind = 'fleet.customer' AND c.args -> 'customer_id' = river_job.args -> 'customer_id') pc
                   ON river_job.kind = 'fleet.customer'
            WHERE state = 'running'
            """, connection);
        await cmd.PrepareAsync(CancellationToken.None);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using var reader = await cmd.ExecuteReaderAsync(CancellationToken.None);
                await reader.ReadAsync(CancellationToken.None);
                count++;
                limited = Math.Max(limited, reader.GetInt32(0));
                perCustomer = Math.Max(perCustomer, reader.GetInt32(1));
                steps = Math.Max(steps, reader.GetInt32(2));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        return new Samples(count, limited, perCustomer, steps);
    }

    /// <summary>The most runs of <paramref name="kind"/> overlapping at any instant, per part or overall (an end at the same instant as a start does not overlap it).</summary>
    private Task<long> MaxOverlapAsync(string kind, bool perPart) => CountAsync($"""
        SELECT coalesce(max(level), 0) FROM (
          SELECT sum(delta) OVER (PARTITION BY {(perPart ? "part" : "1")} ORDER BY at, delta ROWS UNBOUNDED PRECEDING) AS level
          FROM (SELECT part, started_at AS at, 1 AS delta FROM reliability_flow_run WHERE kind = $1
                UNION ALL
                SELECT part, ended_at, -1 FROM reliability_flow_run WHERE kind = $1) e) s
        """, kind);

    private Task<long> CountAsync(string sql, params object[] parameters) => ReliabilityTables.CountAsync(DataSource, sql, parameters);

    private async Task ExecuteAsync(string sql, params int[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = p });
        }
        await cmd.ExecuteNonQueryAsync();
    }
}
