using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Flow;

/// <summary>
/// Rate limits across clients, judged by <c>attempted_at</c> (set by the fetch that admitted the job): a token bucket
/// of B tokens refilled at R a second lets at most B + R × T jobs start in any window of T seconds, and no fewer than
/// the backlog allows once the bucket is empty. Bounds only (timing targets go in benchmarks).
/// </summary>
public sealed class FlowRateTests : RuntimeTestBase
{
    [Fact]
    public async Task A_rate_of_10_a_second_with_bursts_of_5_is_never_exceeded_by_two_clients()
    {
        const int jobs = 25;
        await RunRecorder.CreateTableAsync(DataSource);
        var recorder = new RunRecorder(DataSource, jobs);
        var clients = Enumerable.Range(0, 2).Select(_ => NewClient(o => { o.Queues.Add("flow_rate", 20); o.Workers.Add(new CallWorker(recorder)); })).ToList();
        await clients[0].InsertManyAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new CallArgs(i))));
        foreach (var client in clients)
        {
            await client.StartAsync();
        }
        await recorder.AllDone.WaitAsync(TimeSpan.FromSeconds(60));

        // Any one-second window: at most the burst (5) plus a second's refill (10), plus one for the clocks' skew.
        Assert.True(await MaxStartsInWindowAsync(TimeSpan.FromSeconds(1)) <= 16);
        // The backlog beyond the burst (20 jobs) cannot start faster than 10 a second.
        Assert.True(await SpanOfStartsAsync() >= TimeSpan.FromSeconds(1.8));
        var limit = (await clients[0].GetFlowLimitAsync(FlowScope.ForKind("flow.call")))!;
        Assert.Equal(10, limit.Limits.RateLimit);
        Assert.Equal(5, limit.Limits.RateBurst);
        Assert.NotNull(limit.TokensLeft);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_rate_of_50_a_second_holds_within_10_percent_over_30_seconds()
    {
        const int jobs = 2000;
        await RunRecorder.CreateTableAsync(DataSource);
        var recorder = new RunRecorder(DataSource, jobs);
        var clients = Enumerable.Range(0, 3).Select(_ => NewClient(o =>
        {
            o.Queues.Add("flow_rate", 20);
            o.Workers.Add(new CallWorker(recorder));
            o.Flow.Kinds["flow.call"] = new FlowOptions { RateLimit = 50, RatePeriod = TimeSpan.FromSeconds(1) };
        })).ToList();
        await clients[0].InsertManyFastAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new CallArgs(i))));
        foreach (var client in clients)
        {
            await client.StartAsync();
        }
        await recorder.AllDone.WaitAsync(TimeSpan.FromSeconds(120));

        // Steady state: from 2 s after the first start, 30 s long.
        await using var cmd = DataSource.CreateCommand("""
            SELECT count(*) FROM river_job, (SELECT min(attempted_at) AS t0 FROM river_job) f
            WHERE attempted_at >= f.t0 + interval '2 seconds' AND attempted_at < f.t0 + interval '32 seconds'
            """);
        var started = (long)(await cmd.ExecuteScalarAsync())!;
        Assert.InRange(started, 1350, 1650);
    }

    private async Task<long> MaxStartsInWindowAsync(TimeSpan window)
    {
        await using var cmd = DataSource.CreateCommand("""
            SELECT max((SELECT count(*) FROM river_job o WHERE o.attempted_at >= j.attempted_at AND o.attempted_at < j.attempted_at + $1))
            FROM river_job j
            """);
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter<TimeSpan> { TypedValue = window });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<TimeSpan> SpanOfStartsAsync()
    {
        await using var cmd = DataSource.CreateCommand("SELECT max(attempted_at) - min(attempted_at) FROM river_job");
        return (TimeSpan)(await cmd.ExecuteScalarAsync())!;
    }
}
