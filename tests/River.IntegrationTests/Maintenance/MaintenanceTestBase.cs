using Microsoft.Extensions.Time.Testing;
using Npgsql;
using River.IntegrationTests.Runtime;
using River.Maintenance;

namespace River.IntegrationTests.Maintenance;

/// <summary>
/// A fresh database per test, a fake clock that starts at the real time (rows written with the database's now()
/// stay comparable), and helpers to write rows in any state and to drive services by signal.
/// </summary>
public abstract class MaintenanceTestBase : RuntimeTestBase
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>
    /// A client whose leader services the test drives by hand: it holds the database's current leader term (shared by
    /// every such client of the test, never bumped), so its fenced writes pass until a real election deposes it.
    /// </summary>
    protected RiverClient NewMaintenanceClient(Action<RiverClientOptions>? configure = null)
    {
        var client = NewClient(o =>
        {
            o.TimeProvider = Clock;
            o.Maintenance.StartJitter = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        client.Context.Fence.AdoptCurrentTermForTestsAsync(client.Context.DataSource, client.Context.Sql).GetAwaiter().GetResult();
        return client;
    }

    /// <summary>Writes a job row directly (any state, times, keys) and returns its id.</summary>
    protected async Task<long> InsertRowAsync(JobState state, DateTimeOffset? scheduledAt = null, DateTimeOffset? finalizedAt = null,
        DateTimeOffset? attemptedAt = null, int attempt = 0, int maxAttempts = 25, string metadata = "{}", string queue = "default",
        int priority = 1, byte[]? uniqueKey = null, int? uniqueStates = null, string kind = "test.noop")
    {
        await using var cmd = DataSource.CreateCommand("""
            INSERT INTO river_job (args, kind, state, scheduled_at, finalized_at, attempted_at, attempt, max_attempts, metadata, queue, priority, unique_key, unique_states)
            VALUES ('{"n":0}', @kind, @state::river_job_state, @scheduled_at, @finalized_at, @attempted_at, @attempt, @max_attempts, @metadata::jsonb, @queue, @priority, @unique_key, @unique_states::int::bit(8))
            RETURNING id
            """);
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.AddWithValue("state", global::River.Database.Queries.JobStateNames.ToDb(state));
        cmd.Parameters.Add(Time("scheduled_at", scheduledAt ?? Now));
        cmd.Parameters.Add(Time("finalized_at", finalizedAt ?? (state is JobState.Completed or JobState.Cancelled or JobState.Discarded ? Now : null)));
        cmd.Parameters.Add(Time("attempted_at", attemptedAt));
        cmd.Parameters.AddWithValue("attempt", (short)attempt);
        cmd.Parameters.AddWithValue("max_attempts", (short)maxAttempts);
        cmd.Parameters.AddWithValue("metadata", metadata);
        cmd.Parameters.AddWithValue("queue", queue);
        cmd.Parameters.AddWithValue("priority", (short)priority);
        cmd.Parameters.Add(new NpgsqlParameter("unique_key", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)uniqueKey ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("unique_states", NpgsqlTypes.NpgsqlDbType.Integer) { Value = (object?)uniqueStates ?? DBNull.Value });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.UtcDateTime : DBNull.Value };

    protected async Task<T> ScalarAsync<T>(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Completes the next time <paramref name="service"/> has armed a sleep timer (so advancing the clock wakes it).</summary>
    internal static Task<TimeSpan> NextSleepAsync(MaintenanceService service) => service.SleepStarted.NextAsync(Wait);

    /// <summary>Completes after the next run of <paramref name="service"/>, with the rows it changed.</summary>
    internal static Task<int> NextRunAsync(MaintenanceService service) => service.RunFinished.NextAsync(Wait);

    protected async Task<JobState> StateAsync(long id) =>
        global::River.Database.Queries.JobStateNames.Parse(await ScalarAsync<string>($"SELECT state::text FROM river_job WHERE id = {id}"));
}
