using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using River.IntegrationTests.Runtime;
using River.Database.Queries;
using River.IntegrationTests.Infrastructure;
using River.Notifications;
using River.Services;

namespace River.IntegrationTests.Notifications;

public sealed class NotifierTests : RuntimeTestBase
{
    /// <summary>A started notifier (stopped when the result is disposed) whose topic syncs the test can await.</summary>
    private async Task<RunningService<Notifier>> StartNotifierAsync()
    {
        var context = new ClientContext(DataSource, new SchemaSql("public"), "notifier-test", TimeProvider.System, NullLoggerFactory.Instance,
            new RiverClientOptions { DataSource = DataSource });
        var notifier = new Notifier(context, pingInterval: TimeSpan.FromSeconds(1));
        notifier.TopicsSynced.Init();
        return await RunningService<Notifier>.StartAsync(notifier);
    }

    private async Task NotifyAsync(string channel, string payload)
    {
        await using var cmd = DataSource.CreateCommand("SELECT pg_notify(@c, @p)");
        cmd.Parameters.AddWithValue("c", channel);
        cmd.Parameters.AddWithValue("p", payload);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<long> ListenerBackendsAsync()
    {
        await using var cmd = DataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'river-notifier' AND datname = current_database()");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Many_subscribers_on_few_topics_share_one_connection_and_all_receive()
    {
        await using var running = await StartNotifierAsync();
        var notifier = running.Service;
        var subs = Enumerable.Range(0, 30).Select(i => notifier.Subscribe("public.topic_" + (i % 3))).ToList();
        await Task.WhenAll(subs.Select(s => s.Established)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await ListenerBackendsAsync());

        await NotifyAsync("public.topic_1", "hello");
        foreach (var s in subs.Where(s => s.Topic == "public.topic_1"))
        {
            var n = await s.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("hello", n.Payload);
        }
        Assert.All(subs.Where(s => s.Topic != "public.topic_1"), s => Assert.False(s.Reader.TryRead(out _)));
    }

    [Fact]
    public async Task A_subscription_added_while_listening_is_established_before_the_first_notify()
    {
        await using var running = await StartNotifierAsync();
        var notifier = running.Service;
        var first = notifier.Subscribe("public.a");
        await first.Established.WaitAsync(TimeSpan.FromSeconds(30));
        // The loop is now inside WaitAsync; a new topic must take effect at once, without waiting for the ping.
        var second = notifier.Subscribe("public.b");
        await second.Established.WaitAsync(TimeSpan.FromSeconds(30));
        await NotifyAsync("public.b", "first message");
        Assert.Equal("first message", (await second.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Payload);
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_does_not_block_others_and_counts_drops()
    {
        await using var running = await StartNotifierAsync();
        var notifier = running.Service;
        var stuck = notifier.Subscribe("public.flood", capacity: 5);
        var reader = notifier.Subscribe("public.flood", capacity: 1000);
        await Task.WhenAll(stuck.Established, reader.Established).WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 50; i++)
        {
            await NotifyAsync("public.flood", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        for (var i = 0; i < 50; i++)
        {
            var n = await reader.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), n.Payload);
        }
        Assert.Equal(45, stuck.Dropped);
    }

    [Fact]
    public async Task The_last_subscriber_leaving_unlistens()
    {
        await using var running = await StartNotifierAsync();
        var notifier = running.Service;
        var keep = notifier.Subscribe("public.keep");
        var leave1 = notifier.Subscribe("public.leave");
        var leave2 = notifier.Subscribe("public.leave");
        await Task.WhenAll(keep.Established, leave1.Established, leave2.Established).WaitAsync(TimeSpan.FromSeconds(30));
        leave1.Dispose();
        Assert.True(notifier.IsListening("public.leave"));
        leave2.Dispose();
        await notifier.TopicsSynced.WaitForAsync(_ => !notifier.IsListening("public.leave"));
        Assert.True(notifier.IsListening("public.keep"));
        await NotifyAsync("public.keep", "still here");
        Assert.Equal("still here", (await keep.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Payload);
    }

    [Fact]
    public async Task Terminating_the_listener_backend_reconnects_relistens_and_signals_maybe_missed()
    {
        await using var running = await StartNotifierAsync();
        var notifier = running.Service;
        var sub = notifier.Subscribe("public.survive");
        await sub.Established.WaitAsync(TimeSpan.FromSeconds(30));
        var oldPid = notifier.BackendProcessId;

        await using (var kill = DataSource.CreateCommand("SELECT pg_terminate_backend(@pid)"))
        {
            kill.Parameters.AddWithValue("pid", oldPid);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }
        var resync = await sub.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(resync.MaybeMissed);
        Assert.NotEqual(oldPid, notifier.BackendProcessId);
        Assert.Equal(1, notifier.Reconnects);
        await NotifyAsync("public.survive", "after");
        Assert.Equal("after", (await sub.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Payload);
    }
}
