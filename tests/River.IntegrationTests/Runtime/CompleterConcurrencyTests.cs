using River.IntegrationTests.Infrastructure;

namespace River.IntegrationTests.Runtime;

/// <summary>
/// A completer write that stays in the database (a workflow batch releasing thousands of dependents, a row lock it
/// waits for) does not hold back the outcomes that arrive meanwhile: they go out on a second connection.
/// </summary>
public sealed class CompleterConcurrencyTests : RuntimeTestBase
{
    private const long Gate = 7_204_211;

    [Fact]
    public async Task Outcomes_that_arrive_while_a_write_waits_in_the_database_are_written_beside_it()
    {
        var client = NewClient(o => { o.Queues.Add("default", 10); o.Workers.Add(Defs.Noop, _ => new CountingWorker(2)); });
        await client.StartAsync();
        // The completion of the first job waits, inside its write, for an advisory lock this test holds.
        await using var gate = await DataSource.OpenConnectionAsync();
        await Sql.ExecuteAsync(gate, $"SELECT pg_advisory_lock({Gate})");
        await Sql.ExecuteAsync(gate, $"""
            CREATE FUNCTION test_hold_completion() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.kind = 'test.noop' AND NEW.args ->> 'n' = '1' AND NEW.state = 'completed' THEN PERFORM pg_advisory_xact_lock({Gate}); END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER test_hold_completion BEFORE UPDATE ON river_job FOR EACH ROW EXECUTE FUNCTION test_hold_completion();
            """);
        var first = (await client.InsertAsync(new NoopArgs(1))).Job.Id;
        await Sql.WaitForLockWaitersAsync(DataSource, TimeSpan.FromSeconds(30), activityFilter: "a.wait_event = 'advisory'");

        var secondWritten = WaitForOutcomesAsync(client, 1); // the only other outcome there is
        var second = (await client.InsertAsync(new NoopArgs(2))).Job.Id;
        await secondWritten;

        Assert.Equal(1, await CountAsync($"id = {second} AND state = 'completed'"));
        Assert.Equal(1, await CountAsync($"id = {first} AND state = 'running'")); // its write still waits
        // One waiter at a time on the signal (a waiter takes the occurrences it is offered): this one only now.
        var firstWritten = client.OutcomesWritten.NextAsync(ids => ids.Contains(first), TimeSpan.FromSeconds(60));
        await Sql.ExecuteAsync(gate, $"SELECT pg_advisory_unlock({Gate})");
        await firstWritten;
        Assert.Equal(1, await CountAsync($"id = {first} AND state = 'completed'"));
        await Sql.ExecuteAsync(gate, "DROP TRIGGER test_hold_completion ON river_job");
    }
}
