using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Management;

public sealed class JobListTests(Xunit.Abstractions.ITestOutputHelper output) : ManagementTestBase
{
    public static TheoryData<JobListOrder, SortDirection> AllOrders()
    {
        var data = new TheoryData<JobListOrder, SortDirection>();
        foreach (var order in Enum.GetValues<JobListOrder>())
        {
            data.Add(order, SortDirection.Ascending);
            data.Add(order, SortDirection.Descending);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllOrders))]
    public async Task Paging_5000_jobs_while_jobs_are_inserted_returns_each_existing_job_exactly_once_in_order(JobListOrder order, SortDirection direction)
    {
        const int existing = 5_000;
        var client = NewClient();
        await client.InsertManyFastAsync(Enumerable.Range(0, existing).Select(i => JobInsertRequest.Create(new NoopArgs(i))));
        // Spread the sort keys with many ties (the id must break them), and finalize two jobs in three.
        await ExecAsync("""
            UPDATE river_job SET
                created_at = now() - (id % 97) * interval '1 second',
                scheduled_at = now() - (id % 89) * interval '1 second'
            """);
        await ExecAsync("""
            UPDATE river_job SET state = 'completed', finalized_at = now() - (id % 83) * interval '1 second' WHERE id % 3 <> 0
            """);
        var expected = await IdsAsync(order == JobListOrder.FinalizedAt ? "finalized_at IS NOT NULL" : "true");

        using var stop = new CancellationTokenSource();
        var inserted = 0;
        var inserter = Task.Run(async () =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                // Keys that land in the middle of every order: past scheduled times, some finalized at once.
                var batch = Enumerable.Range(0, 10).Select(_ => JobInsertRequest.Create(new NoopArgs(-1),
                    new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddSeconds(-random.Next(0, 120)) })).ToList();
                await client.InsertManyAsync(batch);
                // And rows whose every key lands anywhere, finalized or not. Keys are set at insert and never change
                // afterwards: a row whose sort key changes while a list runs may legitimately be seen twice or missed.
                await ExecAsync("""
                    INSERT INTO river_job (args, kind, max_attempts, queue, created_at, scheduled_at, state, finalized_at)
                    SELECT '{"n":-2}', 'test.noop', 25, 'default',
                           now() - random() * interval '120 seconds', now() - random() * interval '120 seconds',
                           CASE WHEN g % 2 = 0 THEN 'cancelled' ELSE 'available' END::river_job_state,
                           CASE WHEN g % 2 = 0 THEN now() - random() * interval '100 seconds' END
                    FROM generate_series(1, 10) AS g
                    """);
                Interlocked.Add(ref inserted, batch.Count + 10);
            }
        });

        var seen = new List<JobRow>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await client.ListJobsAsync(new JobListOptions { OrderBy = order, Direction = direction, Limit = 97, After = cursor });
            seen.AddRange(page.Jobs);
            cursor = page.NextCursor;
            pages++;
            Assert.True(page.Jobs.Count <= 97);
        }
        while (cursor is not null);
        clock.Stop();
        output.WriteLine($"{order} {direction}: {seen.Count} rows in {pages} pages, {clock.Elapsed.TotalMilliseconds / pages:F2} ms per page, {Volatile.Read(ref inserted)} inserted meanwhile");
        await stop.CancelAsync();
        await inserter;

        Assert.True(Volatile.Read(ref inserted) > 0, "the concurrent inserter never ran");
        var ids = seen.Select(j => j.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var missing = expected.Except(ids).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} jobs were skipped, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.True(pages >= existing / 97 / (order == JobListOrder.FinalizedAt ? 2 : 1));
        for (var i = 1; i < seen.Count; i++)
        {
            var cmp = Compare(seen[i - 1], seen[i], order);
            Assert.True(direction == SortDirection.Ascending ? cmp < 0 : cmp > 0, $"rows {seen[i - 1].Id} and {seen[i].Id} are out of order");
        }
    }

    [Fact]
    public async Task Each_filter_selects_exactly_the_matching_jobs()
    {
        var client = NewClient();
        var a = (await client.InsertAsync(new NoopArgs(1), new InsertOptions { Tags = ["red", "big"], Metadata = """{"tenant":"acme","tier":{"level":2}}""" })).Job.Id;
        var b = (await client.InsertAsync(new NoopArgs(2), new InsertOptions { Tags = ["red"], Priority = 2, Metadata = """{"tenant":"other"}""" })).Job.Id;
        var c = (await client.InsertAsync(new OtherQueueArgs(3))).Job.Id; // queue other, priority 3, tags tag_a tag_b
        var d = (await client.InsertAsync(new ScriptArgs("ok"), new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddHours(1) })).Job.Id;

        async Task<long[]> List(JobListOptions p) => (await client.ListJobsAsync(p)).Jobs.Select(j => j.Id).ToArray();

        Assert.Equal([a, b, c, d], await List(new JobListOptions()));
        Assert.Equal([b, d], await List(new JobListOptions { Ids = [b, d, 999_999] }));
        Assert.Equal([a, b], await List(new JobListOptions { Kinds = ["test.noop"] }));
        Assert.Equal([c], await List(new JobListOptions { Queues = ["other"] }));
        Assert.Equal([d], await List(new JobListOptions { States = [JobState.Scheduled] }));
        Assert.Equal([a, b, c], await List(new JobListOptions { States = [JobState.Available, JobState.Completed] }));
        Assert.Equal([b, c], await List(new JobListOptions { Priorities = [2, 3] }));
        Assert.Equal([a], await List(new JobListOptions { TagsAll = ["red", "big"] }));
        Assert.Equal([a, b, c], await List(new JobListOptions { TagsAny = ["big", "red", "tag_b"] }));
        Assert.Equal([a], await List(new JobListOptions { MetadataContains = """{"tier":{"level":2}}""" }));
        Assert.Equal([b], await List(new JobListOptions { MetadataContains = """{"tenant":"other"}""" }));
        Assert.Equal([a], await List(new JobListOptions { Kinds = ["test.noop"], TagsAny = ["big"], Priorities = [1] }));
        Assert.Equal([b], await List(new JobListOptions { ArgsContains = """{"n":2}""" }));
        Assert.Equal([d], await List(new JobListOptions { ArgsContains = """{"action":"ok"}""" }));
        await ExecAsync($"UPDATE river_job SET created_at = now() - interval '2 hours' WHERE id IN ({a}, {b})");
        Assert.Equal([c, d], await List(new JobListOptions { CreatedAfter = DateTimeOffset.UtcNow.AddHours(-1) }));
        Assert.Equal([a, b], await List(new JobListOptions { CreatedBefore = DateTimeOffset.UtcNow.AddHours(-1) }));
        Assert.Equal([b], await List(new JobListOptions { CreatedBefore = DateTimeOffset.UtcNow.AddHours(-1), ArgsContains = """{"n":2}""" }));
        // The client of the latest attempt: the last element of attempted_by (a job never attempted matches none).
        await ExecAsync($"UPDATE river_job SET attempted_by = ARRAY['host-a', 'host-b'] WHERE id = {a}");
        await ExecAsync($"UPDATE river_job SET attempted_by = ARRAY['host-b', 'host-a'] WHERE id = {b}");
        await ExecAsync($"UPDATE river_job SET attempted_by = ARRAY['host-c'] WHERE id = {c}");
        Assert.Equal([a], await List(new JobListOptions { AttemptedBy = ["host-b"] }));
        Assert.Equal([b, c], await List(new JobListOptions { AttemptedBy = ["host-a", "host-c"] }));
        Assert.Empty(await List(new JobListOptions { AttemptedBy = ["host-d"] }));
        Assert.Equal([c], await List(new JobListOptions { AttemptedBy = ["host-c"], Queues = ["other"] }));
        // By finalized time (one branch per finalized state): the state filter picks branches, the others still apply.
        await ExecAsync($"UPDATE river_job SET state = 'completed', finalized_at = now() - interval '1 minute' WHERE id = {a}");
        await ExecAsync($"UPDATE river_job SET state = 'discarded', finalized_at = now() - interval '2 minutes' WHERE id = {b}");
        await ExecAsync($"UPDATE river_job SET state = 'cancelled', finalized_at = now() - interval '3 minutes' WHERE id = {c}");
        var byFinalized = new JobListOptions { OrderBy = JobListOrder.FinalizedAt, Direction = SortDirection.Descending };
        Assert.Equal([a, b, c], await List(byFinalized));
        Assert.Equal([c, b, a], await List(new JobListOptions { OrderBy = JobListOrder.FinalizedAt }));
        Assert.Equal([a, c], await List(new JobListOptions { OrderBy = JobListOrder.FinalizedAt, Direction = SortDirection.Descending, States = [JobState.Completed, JobState.Cancelled, JobState.Available] }));
        Assert.Empty(await List(new JobListOptions { OrderBy = JobListOrder.FinalizedAt, States = [JobState.Available, JobState.Scheduled] }));
        Assert.Equal([b], await List(new JobListOptions { OrderBy = JobListOrder.FinalizedAt, ArgsContains = """{"n":2}""" }));
        Assert.Empty(await List(new JobListOptions { Ids = [] }));
        Assert.Equal([d, c, b, a], await List(new JobListOptions { Direction = SortDirection.Descending }));
    }

    [Fact]
    public async Task Transaction_variant_sees_the_transactions_own_inserts()
    {
        var client = NewClient();
        await using var conn = await DataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = (await client.InsertAsync(new NoopArgs(1), tx)).Job.Id;
        Assert.Equal([id], (await client.ListJobsAsync(new JobListOptions(), tx)).Jobs.Select(j => j.Id));
        Assert.Equal(id, (await client.GetJobAsync(id, tx))!.Id);
        Assert.Empty((await client.ListJobsAsync(new JobListOptions())).Jobs);
        Assert.Null(await client.GetJobAsync(id));
    }

    [Fact]
    public async Task Last_page_has_no_cursor_and_CursorAfter_follows_new_jobs()
    {
        var client = NewClient();
        for (var i = 0; i < 3; i++)
        {
            await client.InsertAsync(new NoopArgs(i));
        }
        var first = await client.ListJobsAsync(new JobListOptions { Limit = 2 });
        Assert.NotNull(first.NextCursor);
        var second = await client.ListJobsAsync(new JobListOptions { Limit = 2, After = first.NextCursor });
        Assert.Single(second.Jobs);
        Assert.Null(second.NextCursor);

        var late = (await client.InsertAsync(new NoopArgs(9))).Job.Id;
        var follow = await client.ListJobsAsync(new JobListOptions { Limit = 2, After = JobListResult.CursorAfter(second.Jobs[^1], JobListOrder.Id) });
        Assert.Equal([late], follow.Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task Bad_parameters_are_refused_with_a_message_naming_them()
    {
        var client = NewClient();
        await client.InsertAsync(new NoopArgs(1));
        await client.InsertAsync(new NoopArgs(2));
        var cursor = (await client.ListJobsAsync(new JobListOptions { Limit = 1, OrderBy = JobListOrder.CreatedAt })).NextCursor;

        var wrongOrder = await Assert.ThrowsAsync<ArgumentException>(() => client.ListJobsAsync(new JobListOptions { After = cursor }));
        Assert.Contains("ordered by CreatedAt, but this list is ordered by Id", wrongOrder.Message, StringComparison.Ordinal);
        var garbage = await Assert.ThrowsAsync<ArgumentException>(() => client.ListJobsAsync(new JobListOptions { After = "not a cursor!" }));
        Assert.Contains("not one ListJobsAsync returned", garbage.Message, StringComparison.Ordinal);
        var limit = await Assert.ThrowsAsync<ArgumentException>(() => client.ListJobsAsync(new JobListOptions { Limit = 0 }));
        Assert.Contains("Limit must be between 1 and 10000, got 0", limit.Message, StringComparison.Ordinal);
        var priority = await Assert.ThrowsAsync<ArgumentException>(() => client.ListJobsAsync(new JobListOptions { Priorities = [5] }));
        Assert.Contains("Priorities contains 5", priority.Message, StringComparison.Ordinal);
        var metadata = await Assert.ThrowsAsync<ArgumentException>(() => client.ListJobsAsync(new JobListOptions { MetadataContains = "[1]" }));
        Assert.Contains("MetadataContains must be a JSON object, got a array", metadata.Message, StringComparison.Ordinal);
        var state = await Assert.ThrowsAsync<ArgumentException>(() => client.ListJobsAsync(new JobListOptions { States = [(JobState)42] }));
        Assert.Contains("States contains 42", state.Message, StringComparison.Ordinal);
    }

    private static int Compare(JobRow x, JobRow y, JobListOrder order)
    {
        var byKey = order switch
        {
            JobListOrder.CreatedAt => x.CreatedAt.CompareTo(y.CreatedAt),
            JobListOrder.ScheduledAt => x.ScheduledAt.CompareTo(y.ScheduledAt),
            JobListOrder.FinalizedAt => x.FinalizedAt!.Value.CompareTo(y.FinalizedAt!.Value),
            _ => 0,
        };
        return byKey != 0 ? byKey : x.Id.CompareTo(y.Id);
    }

    private async Task<List<long>> IdsAsync(string where)
    {
        await using var cmd = DataSource.CreateCommand("SELECT id FROM river_job WHERE " + where);
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }
}
