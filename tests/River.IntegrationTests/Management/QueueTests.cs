using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Management;

public sealed class QueueTests : ManagementTestBase
{
    [Fact]
    public async Task A_producer_reports_its_queue_row_when_it_starts()
    {
        var client = NewClient(o => o.Queues.Add("reports", 1));
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        Assert.Null(await client.GetQueueAsync("reports"));
        await client.StartAsync();
        await NextPollAsync(client.Producers["reports"]);

        var row = await client.GetQueueAsync("reports");
        Assert.NotNull(row);
        Assert.Equal("reports", row.Name);
        Assert.False(row.IsPaused);
        Assert.Equal("{}", row.Metadata);
        Assert.True(row.CreatedAt > before);
        Assert.True(row.UpdatedAt >= row.CreatedAt);
    }

    [Fact]
    public async Task Pause_and_resume_from_another_client_are_seen_by_the_producer_within_its_poll_interval()
    {
        var worker = new CountingWorker(expected: 1);
        var runner = NewClient(o => { o.Queues.Add("default", 2); o.Workers.Add(Defs.Noop, _ => worker); o.PollOnly = true; });
        var admin = NewClient();
        await runner.StartAsync();
        var producer = runner.Producers["default"];
        await NextPollAsync(producer); // the row exists

        await admin.PauseQueueAsync("default");
        // The first poll seen may have started before the pause committed; the one after it cannot have.
        Assert.True(await NextPollAsync(producer) || await NextPollAsync(producer));
        Assert.True(producer.Paused);
        Assert.True((await admin.GetQueueAsync("default"))!.IsPaused);

        var id = (await admin.InsertAsync(new NoopArgs(1))).Job.Id;
        Assert.True(await NextPollAsync(producer)); // a whole poll cycle while paused...
        Assert.True(await NextPollAsync(producer));
        Assert.Equal(JobState.Available, (await GetAsync(admin, id)).State); // ...and the job was not fetched

        var written = WaitForOutcomesAsync(runner, 1);
        await admin.ResumeQueueAsync("default");
        Assert.False(await NextPollAsync(producer) && await NextPollAsync(producer));
        await written;
        Assert.Equal(JobState.Completed, (await GetAsync(admin, id)).State);
        Assert.Null((await admin.GetQueueAsync("default"))!.PausedAt);
    }

    [Fact]
    public async Task Pause_and_resume_notify_the_control_channel_and_star_means_every_queue()
    {
        var client = NewClient();
        await ExecAsync("INSERT INTO river_queue (name, updated_at) VALUES ('a', now()), ('b', now()), ('c', now())");
        await using var listener = await ListenControlAsync();

        await client.PauseQueueAsync("a");
        await client.PauseQueueAsync("a"); // already paused: no change, still fine
        var a = (await client.GetQueueAsync("a"))!;
        Assert.True(a.IsPaused);
        Assert.False((await client.GetQueueAsync("b"))!.IsPaused);

        await client.PauseQueueAsync(RiverClient.AllQueues);
        Assert.All(await client.ListQueuesAsync(), q => Assert.True(q.IsPaused));
        Assert.Equal(a.PausedAt, (await client.GetQueueAsync("a"))!.PausedAt);

        await client.ResumeQueueAsync("*");
        Assert.All(await client.ListQueuesAsync(), q => Assert.False(q.IsPaused));

        var received = await listener.ReceivedBeforeMarkerAsync(DataSource);
        Assert.Equal(
            ["pause:a", "pause:a", "pause:*", "resume:*"],
            received.Select(n => n.GetProperty("action").GetString() + ":" + n.GetProperty("queue").GetString()));
    }

    [Fact]
    public async Task A_missing_queue_is_not_found_and_bad_names_are_refused()
    {
        var client = NewClient();
        var pause = await Assert.ThrowsAsync<RiverNotFoundException>(() => client.PauseQueueAsync("nowhere"));
        Assert.Contains("Queue 'nowhere' does not exist", pause.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RiverNotFoundException>(() => client.ResumeQueueAsync("nowhere"));
        await Assert.ThrowsAsync<RiverNotFoundException>(() => client.UpdateQueueMetadataAsync("nowhere", "{}"));
        await client.PauseQueueAsync("*"); // no queues at all: nothing to do, no error
        await Assert.ThrowsAsync<ArgumentException>(() => client.PauseQueueAsync(""));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetQueueAsync("*"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListQueuesAsync(limit: 0));
    }

    [Fact]
    public async Task Metadata_update_replaces_the_object_and_notifies()
    {
        var client = NewClient();
        await ExecAsync("INSERT INTO river_queue (name, metadata, updated_at) VALUES ('mail', '{\"old\":true}', now() - interval '1 hour')");
        await using var listener = await ListenControlAsync();

        var row = await client.UpdateQueueMetadataAsync("mail", """{"region":"eu","limit":5}""");

        Assert.Equal("""{"limit": 5, "region": "eu"}""", row.Metadata);
        Assert.True(row.UpdatedAt > DateTimeOffset.UtcNow.AddMinutes(-30));
        var payload = Assert.Single(await listener.ReceivedBeforeMarkerAsync(DataSource));
        Assert.Equal("metadata_changed", payload.GetProperty("action").GetString());
        Assert.Equal("mail", payload.GetProperty("queue").GetString());

        var bad = await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateQueueMetadataAsync("mail", "[]"));
        Assert.Contains("must be a JSON object, got a array", bad.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateQueueMetadataAsync("mail", "{"));
    }

    [Fact]
    public async Task Queues_are_listed_by_name_in_pages()
    {
        var client = NewClient();
        await ExecAsync("INSERT INTO river_queue (name, updated_at) SELECT 'q' || i, now() FROM generate_series(1, 5) AS i");
        var first = await client.ListQueuesAsync(limit: 2);
        Assert.Equal(["q1", "q2"], first.Select(q => q.Name));
        var next = await client.ListQueuesAsync(limit: 10, after: first[^1].Name);
        Assert.Equal(["q3", "q4", "q5"], next.Select(q => q.Name));

        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await client.PauseQueueAsync("q1", tx);
        Assert.True((await client.GetQueueAsync("q1", tx))!.IsPaused);
        Assert.False((await client.GetQueueAsync("q1"))!.IsPaused);
        Assert.Equal(5, (await client.ListQueuesAsync(RiverClient.DefaultQueueListLimit, null, tx)).Count);
    }
}
