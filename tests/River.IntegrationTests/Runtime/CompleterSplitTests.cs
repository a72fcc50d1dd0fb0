namespace River.IntegrationTests.Runtime;

/// <summary>
/// A completer batch the server refuses (one outcome a trigger or constraint refuses, a statement that cannot finish in
/// time) is written in halves after its second attempt, so the other outcomes are not held back with it.
/// </summary>
public sealed class CompleterSplitTests : RuntimeTestBase
{
    [Fact]
    public async Task A_batch_with_one_outcome_the_server_refuses_writes_every_other_outcome()
    {
        const int jobs = 40;
        var worker = new CountingWorker(jobs);
        var client = NewClient(o => { o.Queues.Add("default", jobs); o.Workers.Add(Defs.Noop, _ => worker); });
        var results = await client.InsertManyAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new NoopArgs(i))).ToList());
        var poison = results[jobs / 2].Job.Id;
        await using (var cmd = DataSource.CreateCommand($"""
            CREATE FUNCTION test_refuse_completion() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.id = {poison} AND NEW.state = 'completed' THEN RAISE EXCEPTION 'test: this outcome is refused'; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER test_refuse_completion BEFORE UPDATE ON river_job FOR EACH ROW EXECUTE FUNCTION test_refuse_completion();
            """))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        var written = WaitForOutcomesAsync(client, jobs - 1);
        await client.StartAsync();
        await worker.AllDone;

        await written;
        Assert.Equal(jobs - 1, await CountAsync("state = 'completed'"));
        Assert.Equal(1, await CountAsync($"id = {poison} AND state = 'running'"));
        await using (var drop = DataSource.CreateCommand("DROP TRIGGER test_refuse_completion ON river_job"))
        {
            await drop.ExecuteNonQueryAsync(); // the stop's last write of the refused outcome then goes through
        }
    }
}
