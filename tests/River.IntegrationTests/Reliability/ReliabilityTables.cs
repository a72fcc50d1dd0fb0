using System.Diagnostics;
using Npgsql;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// The tables the worker processes write (<c>reliability_execution</c>: one row per attempt;
/// <c>reliability_leadership</c>: one row per leadership term as sampled; <c>reliability_flow_run</c>: one row per run
/// of a flow fleet kind, with database-clock start and end; <c>reliability_ledger</c>: the start and end of each attempt
/// of a workflow step) and the queries the tests check them with.
/// </summary>
internal static class ReliabilityTables
{
    public const string Kind = "reliability.record";

    public static async Task CreateAsync(NpgsqlDataSource dataSource)
    {
        await ExecuteAsync(dataSource, """
            CREATE TABLE IF NOT EXISTS reliability_execution (
                id bigserial PRIMARY KEY,
                job_id bigint NOT NULL,
                attempt int NOT NULL,
                pid int NOT NULL,
                client_id text NOT NULL,
                started_at timestamptz NOT NULL,
                finished_at timestamptz NOT NULL,
                outcome text NOT NULL);
            CREATE TABLE IF NOT EXISTS reliability_leadership (
                id bigserial PRIMARY KEY,
                client_id text NOT NULL,
                pid int NOT NULL,
                first_seen timestamptz NOT NULL,
                last_seen timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS reliability_flow_run (
                id bigserial PRIMARY KEY,
                job_id bigint NOT NULL,
                kind text NOT NULL,
                part text NOT NULL,
                n int NOT NULL,
                client_id text NOT NULL,
                started_at timestamptz NOT NULL,
                ended_at timestamptz);
            CREATE TABLE IF NOT EXISTS reliability_ledger (
                job_id bigint NOT NULL,
                attempt int NOT NULL,
                client_id text NOT NULL,
                started_at timestamptz NOT NULL,
                ended_at timestamptz,
                outcome text,
                PRIMARY KEY (job_id, attempt));
            """);
    }

    /// <summary>Inserts <paramref name="count"/> available jobs in one statement (raw SQL: fast for large backlogs).</summary>
    public static async Task InsertJobsAsync(NpgsqlDataSource dataSource, int count, string queue, int sleepMs, int failAttempts = 0)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO river_job (kind, args, queue, max_attempts)
            SELECT $1, jsonb_build_object('sleep_ms', $2::int, 'fail_attempts', $3::int), $4, 25
            FROM generate_series(1, $5)
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Kind });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = sleepMs });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = failAttempts });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<long> CountJobsAsync(NpgsqlDataSource dataSource, JobState state)
    {
        await using var cmd = dataSource.CreateCommand("SELECT count(*) FROM river_job WHERE state = $1::text::river_job_state");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = state.ToString().ToLowerInvariant() });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Polls <paramref name="sql"/> (a count) until it reaches <paramref name="target"/>. The processes under test
    /// signal only through the database, so polling it is the signal. Fails with <paramref name="describe"/>'s text.
    /// </summary>
    public static async Task WaitForCountAsync(NpgsqlDataSource dataSource, string sql, long target, TimeSpan timeout, Func<string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        long last = -1;
        while (clock.Elapsed < timeout)
        {
            try
            {
                last = await CountAsync(dataSource, sql);
                if (last >= target)
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // The server may be restarting in a fault test.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"'{sql}' reached {last}, not {target}, within {timeout}.{(describe is null ? "" : "\n" + describe())}");
    }

    /// <summary>Pairs of attempts of the same job whose [started_at, finished_at] intervals overlap on different processes.</summary>
    public const string OverlappingExecutions = """
        SELECT count(*) FROM reliability_execution a JOIN reliability_execution b
          ON a.job_id = b.job_id AND a.id < b.id
         AND a.started_at < b.finished_at AND b.started_at < a.finished_at
        """;

    /// <summary>Pairs of leadership terms of different processes that overlap (sampled moments in common).</summary>
    public const string OverlappingLeadership = """
        SELECT count(*) FROM reliability_leadership a JOIN reliability_leadership b
          ON a.client_id <> b.client_id AND a.id < b.id
         AND a.first_seen <= b.last_seen AND b.first_seen <= a.last_seen
        """;

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
