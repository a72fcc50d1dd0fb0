// Hostile and invalid inputs on purpose (the runtime's own checks are under test); hand-wired test workers.
#pragma warning disable RIVER0006, RIVER0007, RIVER0018
using System.Text;
using Npgsql;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Reliability;

public sealed record HostileArgs(string Text);
public sealed record HostileKindArgs(string Text);

internal static class HostileDefs
{
    public static readonly JobDefinition<HostileArgs> Hostile = TestDefinitions.Create<HostileArgs>("reliability.hostile");
    public static readonly JobDefinition<HostileKindArgs> HostileKind = TestDefinitions.Create<HostileKindArgs>(HostileInputTests.SqlAndShell);
}

/// <summary>Records what it received; fails when the text says so.</summary>
internal sealed class HostileWorker : Worker<HostileArgs>
{
    public System.Collections.Concurrent.ConcurrentDictionary<long, int> Lengths { get; } = new();

    public override Task WorkAsync(Job<HostileArgs> job, CancellationToken cancellationToken)
    {
        Lengths[job.Id] = job.Args.Text.Length;
        return Task.CompletedTask;
    }
}

/// <summary>
/// Hostile input at the call and in the table: a clear exception at the call (naming the problem) or a clear error
/// recorded on the job; the client keeps working; hostile strings are stored as data, never run as SQL.
/// </summary>
public sealed class HostileInputTests : RuntimeTestBase
{
    internal const string SqlAndShell = "x'; DROP TABLE river_job; -- $(rm -rf /) `reboot` | & > /dev/null \" \\";

    private readonly HostileWorker _worker = new();

    private RiverClient NewHostileClient() => NewClient(o =>
    {
        o.Queues.Add("default", 5);
        _ = HostileDefs.Hostile;
        o.Workers.Add(_worker);
    });

    private async Task AssertClientStillWorksAsync(RiverClient client)
    {
        var done = WaitForOutcomesAsync(client, 1);
        var ok = await client.InsertAsync(new HostileArgs("still fine"));
        await done;
        Assert.Equal(JobState.Completed, (await GetAsync(client, ok.Job.Id)).State);
        Assert.Equal(1, await CountAsync("to_regclass('river_job') IS NOT NULL AND id = " + ok.Job.Id));
    }

    [Fact]
    public async Task Args_with_a_NUL_character_are_rejected_at_the_call()
    {
        var client = NewHostileClient();
        await client.StartAsync();
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new HostileArgs("a\0b")));
        Assert.Contains("NUL", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
        await AssertClientStillWorksAsync(client);
    }

    [Fact]
    public async Task Args_with_a_lone_surrogate_are_refused_at_every_insert_call_with_kind_path_and_index()
    {
        // Invalid UTF-16 has no UTF-8 form. System.Text.Json alone would write U+FFFD in its place (silently changing
        // the job's data); River.Typed refuses it at the call, before anything reaches the database.
        var client = NewHostileClient();
        await client.StartAsync();
        const string expected = "The args of job kind 'reliability.hostile' hold invalid UTF-16 at $.text: lone UTF-16 surrogate U+D800 at index 4.";
        var bad = new HostileArgs("bad \uD800 surrogate");

        var one = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(bad));
        Assert.StartsWith(expected, one.Message, StringComparison.Ordinal);
        var many = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertManyAsync(
            [JobInsertRequest.Create(new HostileArgs("fine")), JobInsertRequest.Create(bad)]));
        Assert.StartsWith(expected, many.Message, StringComparison.Ordinal);
        var copy = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertManyFastAsync(
            Enumerable.Range(0, 3).Select(i => JobInsertRequest.Create(i == 2 ? bad : new HostileArgs("fine")))));
        Assert.StartsWith(expected, copy.Message, StringComparison.Ordinal);
        var metadata = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(
            new HostileArgs("fine"), new InsertOptions { Metadata = """{"note":["ok","\udc00"]}""" }));
        Assert.Equal("Metadata", metadata.ParamName);
        Assert.Contains("at $.note[1]: lone UTF-16 surrogate U+DC00 at index 0", metadata.Message, StringComparison.Ordinal);

        // Inside the caller's transaction: refused before the connection is used, so the transaction goes on.
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            var inTx = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(bad, tx));
            Assert.StartsWith(expected, inTx.Message, StringComparison.Ordinal);
            var inTxFast = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertManyFastAsync([JobInsertRequest.Create(bad)], tx));
            Assert.StartsWith(expected, inTxFast.Message, StringComparison.Ordinal);
            await client.InsertAsync(new HostileArgs("after the refusals"), tx, new InsertOptions { Queue = "nobody_works_this" });
            await tx.CommitAsync();
        }
        Assert.Equal(1, await CountAsync());
        Assert.Equal(0, await CountAsync("args::text LIKE '%\uFFFD%' OR args::text LIKE '%surrogate%'"));

        // A valid pair (emoji) is stored and read back unchanged.
        var done = WaitForOutcomesAsync(client, 1);
        var emoji = await client.InsertAsync(new HostileArgs("ok \U0001F600 pair"));
        await done;
        Assert.Equal(1, await CountAsync("args->>'text' = 'ok \U0001F600 pair'"));
        Assert.Equal("ok \U0001F600 pair".Length, _worker.Lengths[emoji.Job.Id]);
        await AssertClientStillWorksAsync(client);
    }

    [Fact]
    public async Task A_10_MB_payload_round_trips()
    {
        var client = NewHostileClient();
        await client.StartAsync();
        var text = new string('x', 10 * 1024 * 1024);
        var done = WaitForOutcomesAsync(client, 1);
        var inserted = await client.InsertAsync(new HostileArgs(text));
        await done;
        Assert.Equal(JobState.Completed, (await GetAsync(client, inserted.Job.Id)).State);
        Assert.Equal(text.Length, _worker.Lengths[inserted.Job.Id]);
    }

    [Fact]
    public async Task Hostile_strings_in_queue_tags_kind_and_schema_are_rejected_with_the_field_named()
    {
        var client = NewHostileClient();
        var queue = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new HostileArgs("q"), new InsertOptions { Queue = SqlAndShell }));
        Assert.Contains("Queue", queue.Message, StringComparison.OrdinalIgnoreCase);
        var tags = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new HostileArgs("t"), new InsertOptions { Tags = [SqlAndShell] }));
        Assert.Contains("Tag", tags.Message, StringComparison.OrdinalIgnoreCase);
        var metadata = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new HostileArgs("m"), new InsertOptions { Metadata = SqlAndShell }));
        Assert.Contains("Metadata", metadata.Message, StringComparison.Ordinal);
        _ = HostileDefs.HostileKind;
        var kind = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.InsertAsync(new HostileKindArgs("k")));
        Assert.Contains("Kind", kind.Message, StringComparison.Ordinal);
        var schema = Assert.Throws<RiverConfigurationException>(() => new RiverClient(new RiverClientOptions { DataSource = DataSource, Schema = SqlAndShell }));
        Assert.Contains("Schema", schema.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Hostile_strings_in_args_and_metadata_are_stored_as_data()
    {
        var client = NewHostileClient();
        await client.StartAsync();
        var metadata = "{\"note\":" + System.Text.Json.JsonSerializer.Serialize(SqlAndShell) + "}";
        var done = WaitForOutcomesAsync(client, 1);
        var inserted = await client.InsertAsync(new HostileArgs(SqlAndShell), new InsertOptions { Metadata = metadata });
        await done;
        var row = await GetAsync(client, inserted.Job.Id);
        Assert.Equal(JobState.Completed, row.State);
        Assert.Equal(SqlAndShell, System.Text.Json.JsonDocument.Parse(row.Metadata).RootElement.GetProperty("note").GetString());
        Assert.Equal(SqlAndShell.Length, _worker.Lengths[inserted.Job.Id]);
        await AssertClientStillWorksAsync(client);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(5, null)]
    [InlineData(-1, null)]
    [InlineData(null, 0)]
    [InlineData(null, -3)]
    [InlineData(null, 40_000)]
    public async Task Priority_and_max_attempts_out_of_range_are_rejected_with_the_field_named(int? priority, int? maxAttempts)
    {
        var client = NewHostileClient();
        var e = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            client.InsertAsync(new HostileArgs("x"), new InsertOptions { Priority = priority, MaxAttempts = maxAttempts }));
        Assert.Contains(priority is null ? "MaxAttempts" : "Priority", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Extreme_scheduled_dates_are_stored_without_corruption_or_rejected_clearly()
    {
        var client = NewHostileClient();
        foreach (var at in new[] { DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(1, 1, 1, 0, 0, 1, TimeSpan.Zero) })
        {
            try
            {
                var inserted = await client.InsertAsync(new HostileArgs("d"), new InsertOptions { ScheduledAt = at });
                var row = await GetAsync(client, inserted.Job.Id);
                Assert.Equal(at, row.ScheduledAt);
            }
            catch (ArgumentException e)
            {
                Assert.Contains("ScheduledAt", e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Rows_edited_into_impossible_states_get_a_clear_error_and_the_client_keeps_working()
    {
        var client = NewHostileClient();
        var deep = new StringBuilder("{\"text\":\"deep\",\"nested\":");
        deep.Append('[', 2_000).Append(']', 2_000).Append('}');
        await using (var cmd = DataSource.CreateCommand("""
            INSERT INTO river_job (kind, args, queue, max_attempts, metadata, errors) VALUES
              ('reliability.hostile', '"not an object"', 'default', 1, '{}', NULL),
              ('reliability.hostile', '{"text": 42}', 'default', 1, '{}', NULL),
              ('reliability.hostile', $1::jsonb, 'default', 1, '{}', NULL),
              ($2, '{}', 'default', 1, '{}', NULL),
              ('reliability.hostile', '{"text":"odd row"}', 'default', 1, '[1, 2]', ARRAY['"not an error object"'::jsonb, '{"at": "yesterday"}'::jsonb])
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = deep.ToString() });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SqlAndShell });
            await cmd.ExecuteNonQueryAsync();
        }
        var done = WaitForOutcomesAsync(client, 5);
        await client.StartAsync();
        try
        {
            await done;
        }
        catch (TimeoutException)
        {
            Assert.Fail("not every job got an outcome:\n" + await DumpJobsAsync());
        }

        // Undecodable args and the unknown (hostile) kind: discarded (max_attempts 1) with an error that says why.
        await using (var cmd = DataSource.CreateCommand("SELECT id, kind, state::text, errors[1]->>'error' FROM river_job ORDER BY id"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            var rows = new List<(long Id, string Kind, string State, string? Error)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
            Assert.Equal(5, rows.Count);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("discarded", rows[i].State);
                Assert.Contains("reliability.hostile", rows[i].Error, StringComparison.Ordinal);
            }
            Assert.Equal("discarded", rows[3].State);
            Assert.Contains(SqlAndShell, rows[3].Error, StringComparison.Ordinal);
            // The odd metadata/errors do not stop the job from being worked.
            Assert.Equal("completed", rows[4].State);
        }
        await AssertClientStillWorksAsync(client);
    }

    private async Task<string> DumpJobsAsync()
    {
        await using var cmd = DataSource.CreateCommand("SELECT id, kind, state::text, attempt, coalesce(array_to_string(errors, ' | '), '') FROM river_job ORDER BY id");
        await using var reader = await cmd.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await reader.ReadAsync())
        {
            text.Append(reader.GetInt64(0)).Append(' ').Append(reader.GetString(1)).Append(' ').Append(reader.GetString(2)).Append(' ')
                .Append(reader.GetInt16(3)).Append(' ').AppendLine(reader.GetString(4));
        }
        return text.ToString();
    }
}
