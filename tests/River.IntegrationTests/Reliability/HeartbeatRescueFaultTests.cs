using System.Text.Json.Nodes;
using Npgsql;
using Xunit.Abstractions;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// kill -9 of a worker process holding long running jobs on an otherwise idle queue: a leader process (which works
/// another queue) declares it dead by heartbeat and rescues every job, and a survivor process has each of them
/// running again, attempt 2, exactly once. Asserts correctness only; the time from the kill to each job's new attempt
/// (<c>attempted_at</c> of attempt 2, database time) is written to the test output and to
/// <c>.tmp/fault-heartbeat-rescue-&lt;name&gt;.json</c> (figures in docs/reliability.md).
/// </summary>
public sealed class HeartbeatRescueFaultTests(ITestOutputHelper output) : ProcessTestBase
{
    private const string Queue = "hb";
    private const string Victim = "rtw-hb-victim";
    private const string Survivor = "rtw-hb-survivor";
    private const string Leader = "rtw-hb-leader";

    /// <summary>Short intervals: heartbeat 250 ms, TTL 2 s, scheduler and poll 200 ms (target: all running again within 10 s).</summary>
    private static readonly string[] ShortIntervals =
        ["--heartbeat-ms", "250", "--heartbeat-ttl-ms", "2000", "--scheduler-interval-ms", "200", "--poll-ms", "200"];

    [Fact]
    public Task Fifty_jobs_of_a_killed_process_run_again_on_another_with_short_intervals() =>
        RunAsync("short-50", jobs: 50, ShortIntervals, TimeSpan.FromSeconds(60));

    [Fact]
    [Trait("Category", "Slow")]
    public Task Five_hundred_jobs_of_a_killed_process_run_again_on_another_with_short_intervals() =>
        RunAsync("short-500", jobs: 500, ShortIntervals, TimeSpan.FromSeconds(90));

    [Fact]
    [Trait("Category", "Slow")]
    public Task Five_hundred_jobs_of_a_killed_process_run_again_on_another_with_default_options() =>
        RunAsync("default-500", jobs: 500, [], TimeSpan.FromSeconds(120));

    private async Task RunAsync(string name, int jobs, string[] intervals, TimeSpan timeout)
    {
        // 60-second jobs under a 120 s timeout: none finishes during the test, so every attempt 2 is the rescue's.
        string[] common = ["--job-timeout-ms", "120000", .. intervals];
        var leader = await StartWorkerAsync(Leader, ["--queues", "hb-lead:1", .. common]);
        await ReliabilityTables.WaitForCountAsync(DataSource, $"SELECT count(*) FROM river_leader WHERE leader_id = '{Leader}'", 1,
            TimeSpan.FromSeconds(60), Outputs);

        var victim = await StartWorkerAsync(Victim, ["--queues", $"{Queue}:{jobs}", .. common]);
        await ReliabilityTables.InsertJobsAsync(DataSource, jobs, Queue, sleepMs: 60_000);
        await ReliabilityTables.WaitForCountAsync(DataSource,
            $"SELECT count(*) FROM river_job WHERE state = 'running' AND attempted_by[array_upper(attempted_by, 1)] = '{Victim}'",
            jobs, TimeSpan.FromSeconds(60), Outputs);
        // The survivor starts only now, so the victim holds every job; it waits with free slots for the rescue.
        var survivor = await StartWorkerAsync(Survivor, ["--queues", $"{Queue}:{jobs}", .. common]);

        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        await ReliabilityTables.WaitForCountAsync(DataSource,
            $"SELECT count(*) FROM river_job WHERE state = 'running' AND attempt = 2 AND attempted_by[array_upper(attempted_by, 1)] = '{Survivor}'",
            jobs, timeout, Outputs);

        // Correctness: every job rescued exactly once, by heartbeat, with an error naming the dead client, and running
        // again on the survivor as attempt 2; nothing lost, nothing finished (so nothing ran twice).
        var rows = await ReadJobsAsync(killedAt);
        Assert.Equal(jobs, rows.Count);
        var expectedError = $"rescued by the leader: client '{Victim}' that was running this job was declared dead (no heartbeat for ";
        foreach (var row in rows)
        {
            Assert.True(row.State == "running" && row.Attempt == 2 && row.AttemptedBy == $"{Victim},{Survivor}" && row.ErrorCount == 1
                        && row.Error.StartsWith(expectedError, StringComparison.Ordinal) && row.RescueCount == "1",
                $"job {row.Id}: state {row.State}, attempt {row.Attempt}, attempted_by {row.AttemptedBy}, {row.ErrorCount} errors ('{row.Error}'), rescue count '{row.RescueCount}'");
        }
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM reliability_execution"));
        Assert.Equal(1, await ReliabilityTables.CountAsync(DataSource,
            $"SELECT count(*) FROM river_typed_client WHERE id = '{Victim}' AND dead_at IS NOT NULL"));
        Assert.Equal(2, await ReliabilityTables.CountAsync(DataSource,
            $"SELECT count(*) FROM river_typed_client WHERE id IN ('{Leader}', '{Survivor}') AND dead_at IS NULL"));
        Assert.Single(leader.Lines, l => l.Contains($"Declared client {Victim} dead", StringComparison.Ordinal));
        Assert.Empty(leader.ErrorLines.Concat(survivor.ErrorLines));

        // Figures: kill → declared dead → rescued → running again.
        var declaredDead = await SecondsAfterAsync($"SELECT dead_at FROM river_typed_client WHERE id = '{Victim}'", killedAt);
        var lastBeat = await SecondsAfterAsync($"SELECT heartbeat_at FROM river_typed_client WHERE id = '{Victim}'", killedAt);
        var rescued = FaultFigures.Distribution(rows.Select(r => r.RescuedAfter).ToArray());
        var running = FaultFigures.Distribution(rows.Select(r => r.RunningAfter).ToArray());
        var options = intervals.Length == 0 ? "default options" : string.Join(' ', intervals);
        output.WriteLine($"{jobs} running 60 s jobs, kill -9 of their process, {options}:");
        output.WriteLine($"  last heartbeat {lastBeat:0.00} s after the kill (negative: before), declared dead after {declaredDead:0.00} s");
        output.WriteLine($"  rescued after   {FaultFigures.Describe(rescued)}");
        output.WriteLine($"  running again   {FaultFigures.Describe(running)}  (attempted_at of attempt 2 − kill time)");
        var path = FaultFigures.Write("heartbeat-rescue-" + name, new JsonObject
        {
            ["scenario"] = "kill -9 of a worker process holding running 60 s jobs; leader and survivor are other processes",
            ["jobs"] = jobs,
            ["options"] = options,
            ["killed_at"] = killedAt.ToString("O"),
            ["last_heartbeat_after_kill_s"] = Math.Round(lastBeat, 3),
            ["declared_dead_after_kill_s"] = Math.Round(declaredDead, 3),
            ["rescued_after_kill"] = FaultFigures.ToJson(rescued),
            ["running_again_after_kill"] = FaultFigures.ToJson(running),
            ["running_again_after_kill_s"] = new JsonArray(rows.Select(r => (JsonNode)Math.Round(r.RunningAfter, 3)).ToArray()),
        });
        output.WriteLine($"  figures: {path}");
    }

    private sealed record JobRecord(long Id, string State, int Attempt, string AttemptedBy, int ErrorCount, string Error,
        double RescuedAfter, double RunningAfter, string RescueCount);

    private async Task<List<JobRecord>> ReadJobsAsync(DateTimeOffset killedAt)
    {
        await using var cmd = DataSource.CreateCommand($"""
            SELECT id, state::text, attempt, array_to_string(attempted_by, ','), coalesce(cardinality(errors), 0),
                   coalesce(errors[1]->>'error', ''),
                   coalesce(extract(epoch FROM (errors[1]->>'at')::timestamptz - $1), -1)::float8,
                   coalesce(extract(epoch FROM attempted_at - $1), -1)::float8,
                   coalesce(metadata->>'river:rescue_count', '')
            FROM river_job WHERE queue = '{Queue}' ORDER BY id
            """);
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = killedAt.UtcDateTime });
        var rows = new List<JobRecord>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new JobRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt16(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetString(5), reader.GetDouble(6), reader.GetDouble(7), reader.GetString(8)));
        }
        return rows;
    }

    private async Task<double> SecondsAfterAsync(string timestampSql, DateTimeOffset start)
    {
        await using var cmd = DataSource.CreateCommand($"SELECT extract(epoch FROM ({timestampSql}) - $1)::float8");
        cmd.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = start.UtcDateTime });
        return (double)(await cmd.ExecuteScalarAsync())!;
    }
}
