using River.IntegrationTests.Infrastructure;
using River.Maintenance;

namespace River.IntegrationTests.Maintenance;

public sealed class ReindexerTests : MaintenanceTestBase
{
    private sealed class FixedSchedule(params DateTimeOffset[] times) : IPeriodicSchedule
    {
        public DateTimeOffset Next(DateTimeOffset after) => times.First(t => t > after);
    }

    [Fact]
    public async Task Rebuilds_River_indexes_at_midnight_UTC_by_default()
    {
        var midnight = new DateTimeOffset(Now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        Clock.SetUtcNow(midnight.AddSeconds(-30));
        var client = NewMaintenanceClient();
        var reindexer = client.Maintenance.Get<Reindexer>()!;
        var argsBefore = await OidAsync("river_job_args_index");
        var metadataBefore = await OidAsync("river_job_metadata_index");
        var kindBefore = await OidAsync("river_job_kind");

        var sleep = NextSleepAsync(reindexer);
        var run = NextRunAsync(reindexer);
        await reindexer.StartAsync();
        Assert.Equal(TimeSpan.FromSeconds(30), await sleep);
        Assert.False(run.IsCompleted);

        var nextSleep = NextSleepAsync(reindexer);
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await run);
        Assert.Equal(TimeSpan.FromDays(1), await nextSleep);

        Assert.NotEqual(argsBefore, await OidAsync("river_job_args_index"));
        Assert.NotEqual(metadataBefore, await OidAsync("river_job_metadata_index"));
        Assert.Equal(kindBefore, await OidAsync("river_job_kind"));
        await reindexer.StopAsync();
    }

    [Fact]
    public async Task Follows_a_configured_schedule_and_index_list()
    {
        var first = Now.AddMinutes(10);
        var client = NewMaintenanceClient(o =>
        {
            o.Maintenance.ReindexerSchedule = new FixedSchedule(first, first.AddHours(5));
            o.Maintenance.ReindexerIndexes = ["river_job_kind"];
        });
        var reindexer = client.Maintenance.Get<Reindexer>()!;
        var kindBefore = await OidAsync("river_job_kind");
        var argsBefore = await OidAsync("river_job_args_index");

        var sleep = NextSleepAsync(reindexer);
        var run = NextRunAsync(reindexer);
        await reindexer.StartAsync();
        Assert.Equal(TimeSpan.FromMinutes(10), await sleep);
        var nextSleep = NextSleepAsync(reindexer);
        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await run);
        Assert.Equal(TimeSpan.FromHours(5), await nextSleep);
        Assert.NotEqual(kindBefore, await OidAsync("river_job_kind"));
        Assert.Equal(argsBefore, await OidAsync("river_job_args_index"));
        await reindexer.StopAsync();
    }

    [Fact]
    public async Task Drops_leftovers_of_an_interrupted_reindex_and_skips_that_index_once()
    {
        var client = NewMaintenanceClient();
        var reindexer = client.Maintenance.Get<Reindexer>()!;
        // What an interrupted REINDEX CONCURRENTLY leaves behind.
        await ExecuteAsync("CREATE INDEX river_job_args_index_ccnew ON river_job USING GIN (args)");
        var argsBefore = await OidAsync("river_job_args_index");
        var metadataBefore = await OidAsync("river_job_metadata_index");

        Assert.Equal(1, await reindexer.RunOnceAsync());

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname LIKE 'river_job_args_index_cc%'"));
        Assert.Equal(argsBefore, await OidAsync("river_job_args_index"));
        Assert.NotEqual(metadataBefore, await OidAsync("river_job_metadata_index"));

        Assert.Equal(2, await reindexer.RunOnceAsync());
        Assert.NotEqual(argsBefore, await OidAsync("river_job_args_index"));
    }

    [Fact]
    public async Task A_missing_index_is_skipped_and_the_others_still_rebuilt()
    {
        var client = NewMaintenanceClient(o => o.Maintenance.ReindexerIndexes = ["no_such_index", "river_job_kind"]);
        var kindBefore = await OidAsync("river_job_kind");
        Assert.Equal(1, await client.Maintenance.Get<Reindexer>()!.RunOnceAsync());
        Assert.NotEqual(kindBefore, await OidAsync("river_job_kind"));
    }

    [Fact]
    public async Task A_rebuild_that_exceeds_the_timeout_is_cancelled()
    {
        var client = NewMaintenanceClient(o =>
        {
            o.Maintenance.ReindexerIndexes = ["river_job_kind"];
            o.Maintenance.ReindexerTimeout = TimeSpan.FromSeconds(10);
        });
        var reindexer = client.Maintenance.Get<Reindexer>()!;
        var kindBefore = await OidAsync("river_job_kind");

        // Hold a lock that makes the rebuild wait.
        await using var blocker = await DataSource.OpenConnectionAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await using (var lockCmd = new Npgsql.NpgsqlCommand("LOCK TABLE river_job IN ACCESS EXCLUSIVE MODE", blocker, tx))
        {
            await lockCmd.ExecuteNonQueryAsync();
        }
        var run = reindexer.RunOnceAsync();
        await Sql.WaitForLockWaitersAsync(DataSource, Wait, activityFilter: "a.query LIKE 'REINDEX%'");
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await run.WaitAsync(Wait));
        await tx.RollbackAsync();
        Assert.Equal(kindBefore, await OidAsync("river_job_kind"));
    }

    private Task<uint> OidAsync(string index) => ScalarAsync<uint>($"SELECT '{index}'::regclass::oid");
}
