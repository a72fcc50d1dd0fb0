using Npgsql;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Workflows;

/// <summary>
/// <see cref="RiverClient.ListWorkflowsAsync(WorkflowListOptions, CancellationToken)"/>: keyset pages newest first, the
/// state filters, and the scan bound; and <see cref="RiverClient.ListSequencesAsync(int, string?, string?, CancellationToken)"/>
/// pages by key. Rows are written with SQL, as the insert and the completers would leave them.
/// </summary>
public sealed class WorkflowListTests : RuntimeTestBase
{
    private async Task ExecAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter(name, value));
        }
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Workflows wf_0001…wf_N created a second apart (wf_N newest; two share each created time, so the id breaks ties):
    /// g % 3 = 0 running, else finished; g % 5 = 0 has a task discarded (failed); every workflow has one completed task.
    /// </summary>
    private async Task SeedAsync(int n, string prefix = "wf_")
    {
        await ExecAsync("""
            WITH w AS (
                INSERT INTO river_typed_workflow (id, name, task_count, created_at, finished_at)
                SELECT @prefix || lpad(g::text, 5, '0'), 'flow', 2, timestamptz '2026-01-01' + (g / 2) * interval '1 second',
                       CASE WHEN g % 3 <> 0 THEN now() END
                FROM generate_series(1, @n) AS g
                RETURNING id, right(id, 5)::int AS g
            ),
            j AS (
                INSERT INTO river_job (state, finalized_at, args, kind, queue, metadata)
                SELECT s.state::river_job_state, CASE WHEN s.state IN ('completed', 'discarded') THEN now() END, '{}', 'wf.list', 'parked',
                       jsonb_build_object('workflow_id', w.id, 'task', 't' || t, 'deps', '[]'::jsonb)
                FROM w CROSS JOIN generate_series(1, 2) AS t
                CROSS JOIN LATERAL (SELECT CASE WHEN t = 1 THEN 'completed' WHEN w.g % 5 = 0 THEN 'discarded' WHEN w.g % 3 = 0 THEN 'available' ELSE 'completed' END AS state) AS s
                RETURNING id, metadata
            )
            INSERT INTO river_typed_workflow_task (job_id, workflow_id, name) SELECT id, metadata ->> 'workflow_id', metadata ->> 'task' FROM j
            """, ("prefix", prefix), ("n", n));
    }

    private static IEnumerable<int> Newest(int n) => Enumerable.Range(1, n).OrderByDescending(g => g / 2).ThenByDescending(g => g);

    private static string Id(int g) => "wf_" + g.ToString("00000", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<List<string>> AllPagesAsync(RiverClient client, WorkflowListState state, int limit)
    {
        var ids = new List<string>();
        string? after = null;
        for (var pages = 0; pages < 1_000; pages++)
        {
            var page = await client.ListWorkflowsAsync(new WorkflowListOptions { Limit = limit, State = state, After = after });
            Assert.True(page.Workflows.Count <= limit);
            ids.AddRange(page.Workflows.Select(w => w.Id));
            if (page.NextCursor is null)
            {
                return ids;
            }
            after = page.NextCursor;
        }
        throw new InvalidOperationException("the pages never ended");
    }

    [Fact]
    public async Task Pages_by_keyset_newest_first_and_filters_by_state()
    {
        await SeedAsync(120);
        await using var client = NewClient();
        Assert.Equal(Newest(120).Select(Id), await AllPagesAsync(client, WorkflowListState.All, 50));
        Assert.Equal(Newest(120).Where(g => g % 3 == 0).Select(Id), await AllPagesAsync(client, WorkflowListState.Running, 7));
        Assert.Equal(Newest(120).Where(g => g % 3 != 0).Select(Id), await AllPagesAsync(client, WorkflowListState.Finished, 50));
        Assert.Equal(Newest(120).Where(g => g % 3 != 0 && g % 5 != 0).Select(Id), await AllPagesAsync(client, WorkflowListState.Completed, 50));
        Assert.Equal(Newest(120).Where(g => g % 5 == 0).Select(Id), await AllPagesAsync(client, WorkflowListState.Failed, 10));

        var first = await client.ListWorkflowsAsync(new WorkflowListOptions { Limit = 120 });
        Assert.Equal(120, first.Workflows.Count);
        Assert.Null(first.NextCursor);
        Assert.False(first.ScanLimited);
        Assert.Equal(2, first.Workflows[0].TaskCount);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListWorkflowsAsync(new WorkflowListOptions { Limit = 0 }));
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => client.ListWorkflowsAsync(new WorkflowListOptions { After = "yesterday" }));
        Assert.Contains("is not a workflow list cursor", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_that_matches_few_stops_at_the_scan_limit_and_continues_from_there()
    {
        // Only the oldest workflow is failed; every newer one completed.
        var n = RiverClient.WorkflowListScanLimit + 200;
        await SeedAsync(n);
        await ExecAsync("UPDATE river_job SET state = 'completed' WHERE state = 'discarded' AND metadata ->> 'workflow_id' <> @oldest", ("oldest", Id(5)));
        await using var client = NewClient();
        var page = await client.ListWorkflowsAsync(new WorkflowListOptions { Limit = 10, State = WorkflowListState.Failed });
        Assert.Empty(page.Workflows);
        Assert.True(page.ScanLimited);
        Assert.NotNull(page.NextCursor);
        var next = await client.ListWorkflowsAsync(new WorkflowListOptions { Limit = 10, State = WorkflowListState.Failed, After = page.NextCursor });
        Assert.Equal([Id(5)], next.Workflows.Select(w => w.Id));
        Assert.Null(next.NextCursor);
        Assert.False(next.ScanLimited);
    }

    [Fact]
    public async Task Sequences_page_by_key_after_the_last_key_of_the_page_before()
    {
        await ExecAsync("""
            INSERT INTO river_job (state, args, kind, queue, metadata)
            SELECT CASE WHEN g % 2 = 0 THEN 'available' ELSE 'running' END::river_job_state, '{}', 'wf.seq', 'parked',
                   jsonb_build_object('river:sequence', 'seq-' || lpad((g % 25)::text, 2, '0'))
            FROM generate_series(1, 100) AS g
            """);
        await ExecAsync("INSERT INTO river_job (state, finalized_at, args, kind, queue, metadata) VALUES ('completed', now(), '{}', 'wf.seq', 'parked', '{\"river:sequence\":\"seq-99\"}')");
        await using var client = NewClient();
        var keys = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await client.ListSequencesAsync(10, null, after);
            keys.AddRange(page.Select(s => s.Key));
            Assert.All(page, s => Assert.Equal(3, s.Waiting));
            if (page.Count < 10)
            {
                break;
            }
            after = page[^1].Key;
        }
        Assert.Equal(Enumerable.Range(0, 25).Select(i => "seq-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)), keys);
        Assert.Equal((await client.ListSequencesAsync(100)).Select(s => s.Key), keys);
    }
}
