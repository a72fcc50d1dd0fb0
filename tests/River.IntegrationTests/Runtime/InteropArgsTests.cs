using System.Collections.Concurrent;
using Npgsql;

namespace River.IntegrationTests.Runtime;

/// <summary>Args with a string and an int and no defaults: <c>{}</c> cannot be decoded truthfully.</summary>
[JobArgs("interop.strict")]
public sealed record StrictArgs(string Name, int Count);

/// <summary>The dictionary of issue 23, unique as River Go's equivalent job is.</summary>
[JobArgs("interop.unique_map", Queue = "uniq_q")]
[UniqueJob(ByArgs = true, ByPeriodSeconds = 3600, ByQueue = true)]
public sealed record InteropMapArgs(string Customer, Dictionary<string, int> Labels);

/// <summary>Records the args it ran with.</summary>
internal sealed class StrictWorker : Worker<StrictArgs>
{
    public ConcurrentBag<StrictArgs> Seen { get; } = [];

    public override Task WorkAsync(Job<StrictArgs> job, CancellationToken cancellationToken)
    {
        Seen.Add(job.Args);
        return Task.CompletedTask;
    }
}

/// <summary>Args written by another runtime (River Go) on a shared database: decoded truthfully, unique keys agreed.</summary>
public sealed class InteropArgsTests : RuntimeTestBase
{
    [Fact]
    public async Task Args_lacking_non_nullable_properties_fail_the_job_with_the_properties_named()
    {
        var worker = new StrictWorker();
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 2);
            o.Workers.Add(worker);
        });
        await using (var cmd = DataSource.CreateCommand("""
            INSERT INTO river_job (kind, args, queue, max_attempts) VALUES
              ('interop.strict', '{}', 'default', 1),
              ('interop.strict', '{"name":null,"count":1}', 'default', 1),
              ('interop.strict', '{"name":"ok","count":2}', 'default', 1)
            """))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        var done = WaitForOutcomesAsync(client, 3);
        await client.StartAsync();
        await done;

        var rows = new List<(string State, string? Error)>();
        await using (var cmd = DataSource.CreateCommand("SELECT state::text, errors[1]->>'error' FROM river_job ORDER BY id"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }
        Assert.Equal("discarded", rows[0].State);
        Assert.Contains("missing required properties including: 'name', 'count'", rows[0].Error, StringComparison.Ordinal);
        Assert.Equal("discarded", rows[1].State);
        Assert.Contains("'name'", rows[1].Error, StringComparison.Ordinal);
        Assert.Contains("doesn't allow null values", rows[1].Error, StringComparison.Ordinal);
        Assert.Equal("completed", rows[2].State);
        Assert.Equal([new StrictArgs("ok", 2)], worker.Seen);
    }

    [Fact]
    public async Task A_job_River_Go_inserted_unique_by_a_dictionary_is_a_duplicate_here()
    {
        // The row River Go v0.24 wrote (issue 23): its unique key is the SHA-256 of
        // &kind=interop.unique_map&args={"customer":"go-first","labels":{"alpha":1,"beta":2,"zeta":3}}&period=2026-12-02T04:00:00Z&queue=uniq_q
        var at = new DateTimeOffset(2026, 12, 2, 4, 30, 0, TimeSpan.Zero);
        await using (var cmd = DataSource.CreateCommand("""
            INSERT INTO river_job (kind, args, queue, max_attempts, state, scheduled_at, unique_key, unique_states) VALUES
              ('interop.unique_map', '{"customer":"go-first","labels":{"alpha":1,"beta":2,"zeta":3}}', 'uniq_q', 25, 'scheduled', $1,
               decode('93a662a4c0d15549eec06221f505db47948466cbbb45bac756380417f8e1097a', 'hex'), 245::bit(8))
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
            await cmd.ExecuteNonQueryAsync();
        }
        var client = NewClient();
        var result = await client.InsertAsync(
            new InteropMapArgs("go-first", new() { ["zeta"] = 3, ["alpha"] = 1, ["beta"] = 2 }),
            new InsertOptions { ScheduledAt = at.AddMinutes(10) });
        Assert.True(result.UniqueSkippedAsDuplicate);
        Assert.Equal(1, await CountAsync());
    }
}
