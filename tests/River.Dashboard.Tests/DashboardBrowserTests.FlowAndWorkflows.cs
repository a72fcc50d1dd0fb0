using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace River.Dashboard.Tests;

/// <summary>The Limits and Workflows pages: seeded limits, sequences and workflows in queues no producer works.</summary>
public sealed partial class DashboardBrowserTests
{
    /// <summary>
    /// Inserts parked jobs (a queue no producer works) and returns their ids; a retryable one's retry is a day away (the
    /// leader's scheduler would make it available at once otherwise).
    /// </summary>
    private async Task<long[]> ParkedJobsAsync(string state, string kind, string queue, int count, string args = "{}", string metadata = "{}")
    {
        await using var cmd = fixture.Database.DataSource.CreateCommand("""
            INSERT INTO river_job (state, scheduled_at, attempt, max_attempts, attempted_at, args, kind, queue, metadata, attempted_by)
            SELECT $1::river_job_state, CASE WHEN $1 = 'retryable' THEN now() + interval '1 day' ELSE now() END, CASE WHEN $1 IN ('running', 'retryable') THEN 1 ELSE 0 END, 5,
                   CASE WHEN $1 IN ('running', 'retryable') THEN now() END, $4::jsonb, $2, $3, $5::jsonb,
                   CASE WHEN $1 IN ('running', 'retryable') THEN ARRAY['worker-1'] END
            FROM generate_series(1, $6)
            RETURNING id
            """);
        foreach (var value in new object[] { state, kind, queue, args, metadata, count })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }
        return [.. ids.Order()];
    }

    [Fact]
    public async Task Limits_page_shows_each_limit_with_its_jobs_and_the_sequences_and_its_actions_change_the_limits()
    {
        var exports = FlowScope.ForQueue("dash-exports");
        var sync = FlowScope.ForKind("dash.sync");
        await Client.SetFlowLimitAsync(exports, new FlowOptions { MaxRunning = 3 });
        await Client.SetFlowLimitAsync(sync, new FlowOptions { MaxRunning = 1, PartitionBy = "customer_id", RateLimit = 50, RatePeriod = TimeSpan.FromMinutes(1), RateBurst = 5 });
        await ParkedJobsAsync("running", "dash.export", "dash-exports", 2);
        await ParkedJobsAsync("available", "dash.export", "dash-exports", 4);
        await ParkedJobsAsync("running", "dash.sync", "dash-parked", 1, """{"customer_id":7}""");
        await ParkedJobsAsync("available", "dash.sync", "dash-parked", 2, """{"customer_id":7}""");
        var holder = (await ParkedJobsAsync("retryable", "dash.order_step", "dash-parked", 1, metadata: """{"river:sequence":"order-42"}"""))[0];
        await ParkedJobsAsync("available", "dash.order_step", "dash-parked", 2, metadata: """{"river:sequence":"order-42"}""");
        await ParkedJobsAsync("running", "dash.order_step", "dash-parked", 1, metadata: """{"river:sequence":"order-43"}""");
        try
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync(fixture.Url + "/limits");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Limits");
            var queueRow = page.Locator("tr[data-limit='queue:dash-exports']");
            await Expect(queueRow).ToContainTextAsync("at most 3 running");
            await Expect(queueRow.Locator("td:nth-child(4) a")).ToHaveTextAsync("2");
            await Expect(queueRow.Locator("td:nth-child(5) a")).ToHaveTextAsync("4");
            await Expect(queueRow).ToContainTextAsync("changed at run time");
            var kindRow = page.Locator("tr[data-limit='kind:dash.sync']");
            await Expect(kindRow).ToContainTextAsync("at most 1 running");
            await Expect(kindRow).ToContainTextAsync("50 per 1 min");
            await Expect(kindRow).ToContainTextAsync("customer_id");
            await Expect(kindRow).ToContainTextAsync("in 1 partition");
            var sequence = page.Locator("tr[data-sequence='order-42']");
            await Expect(sequence.Locator("td:nth-child(2) a")).ToHaveTextAsync("#" + holder);
            await Expect(sequence).ToContainTextAsync("retryable");
            await Expect(sequence.Locator("td:nth-child(6)")).ToHaveTextAsync("2");
            await Expect(page.Locator("tr[data-sequence='order-43']")).ToContainTextAsync("running");
            await Screenshots.SaveAsync(page, "limits");

            // Edit fills the form from the stored limit; Set writes it through the API.
            await queueRow.Locator("a:has-text('Edit')").ClickAsync();
            await Expect(page.Locator("#set-limit input[name=scope]")).ToHaveValueAsync("queue:dash-exports");
            await Expect(page.Locator("#set-limit input[name=max_running]")).ToHaveValueAsync("3");
            await page.FillAsync("#set-limit input[name=max_running]", "5");
            await page.ClickAsync("#set-limit button[value=set]");
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Set the limits of queue:dash-exports");
            Assert.Equal(5, (await Client.GetFlowLimitAsync(exports))!.Limits.MaxRunning);
            await Expect(queueRow).ToContainTextAsync("at most 5 running");

            // A value the rules refuse changes nothing and says why.
            await page.FillAsync("#set-limit input[name=scope]", "queue:dash-exports");
            await page.FillAsync("#set-limit input[name=max_running]", "0");
            await page.ClickAsync("#set-limit button[value=set]");
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Not changed:");
            Assert.Equal(5, (await Client.GetFlowLimitAsync(exports))!.Limits.MaxRunning);

            // Reset without a declaration removes the row; delete removes it whoever declared it.
            await kindRow.Locator("button[value=reset]").ClickAsync();
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Reset the limits of kind:dash.sync");
            Assert.Null(await Client.GetFlowLimitAsync(sync));
            await Expect(kindRow).ToHaveCountAsync(0);
            await queueRow.Locator("button[value=delete]").ClickAsync();
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Deleted the limits of queue:dash-exports");
            Assert.Null(await Client.GetFlowLimitAsync(exports));
            Assert.Empty(fixture.ScriptErrors);
        }
        finally
        {
            await Client.DeleteFlowLimitAsync(exports);
            await Client.DeleteFlowLimitAsync(sync);
            await ExecAsync("DELETE FROM river_job WHERE kind IN ('dash.export', 'dash.sync', 'dash.order_step')");
        }
    }

    [Fact]
    public async Task Sequences_are_paged_by_key()
    {
        await ExecAsync("""
            INSERT INTO river_job (state, args, kind, queue, metadata)
            SELECT 'available', '{}', 'dash.paged_step', 'dash-parked', jsonb_build_object('river:sequence', 'zz-seq-' || lpad(g::text, 3, '0'))
            FROM generate_series(1, 130) AS g
            """);
        try
        {
            var page = await fixture.NewPageAsync();
            await page.GotoAsync(fixture.Url + "/limits");
            await Expect(page.Locator("#sequence-table tbody tr")).ToHaveCountAsync(Pages.LimitsPage.SequencePageSize);
            var first = await page.Locator("#sequence-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.sequence)");
            await page.ClickAsync("a:has-text('Next page')");
            await Expect(page.Locator("tr[data-sequence='zz-seq-130']")).ToBeVisibleAsync();
            var second = await page.Locator("#sequence-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.sequence)");
            var all = (await Client.ListSequencesAsync(10_000)).Select(s => s.Key).ToArray();
            Assert.Equal(all, first.Concat(second).ToArray());
            await page.GotoAsync(fixture.Url + "/limits?key=zz-seq-007");
            await Expect(page.Locator("#sequence-table tbody tr")).ToHaveCountAsync(1);
        }
        finally
        {
            await ExecAsync("DELETE FROM river_job WHERE kind = 'dash.paged_step'");
        }
    }

    private static WorkflowTaskOptions Parked(params string[] dependsOn) =>
        new() { DependsOn = dependsOn, InsertOptions = new InsertOptions { Queue = "dash-parked" } };

    /// <summary>A diamond extract → (transform_a, transform_b) → load, part way through; and a failed fan-out charge → (email, ledger).</summary>
    private async Task<(string Diamond, string Failed, WorkflowInsertResult DiamondTasks, WorkflowInsertResult FailedTasks)> SeedWorkflowsAsync()
    {
        var diamond = new WorkflowBuilder("nightly-report");
        diamond.Add("extract", new ReportArgs("extract"), Parked());
        diamond.Add("transform_a", new ReportArgs("transform a"), Parked("extract"));
        diamond.Add("transform_b", new ReportArgs("transform b"), Parked("extract"));
        diamond.Add("load", new ReportArgs("load"), Parked("transform_a", "transform_b"));
        var d = await Client.InsertWorkflowAsync(diamond);
        // As the completers would have left it: extract and transform_b completed (their edges satisfied), transform_a running.
        await ExecAsync("UPDATE river_job SET state = 'completed', attempt = 1, attempted_at = now(), finalized_at = now() WHERE id = ANY($1)",
            new[] { d.Tasks["extract"].Id, d.Tasks["transform_b"].Id });
        await ExecAsync("UPDATE river_job SET state = 'running', attempt = 1, attempted_at = now() WHERE id = $1", d.Tasks["transform_a"].Id);
        await ExecAsync("UPDATE river_typed_workflow_edge SET satisfied = true WHERE dep_job_id = ANY($1)", new[] { d.Tasks["extract"].Id, d.Tasks["transform_b"].Id });

        var failed = new WorkflowBuilder("invoice-run");
        failed.Add("charge", new ReportArgs("charge"), Parked());
        failed.Add("email", new ReportArgs("email"), Parked("charge"));
        failed.Add("ledger", new ReportArgs("ledger"), Parked("charge"));
        var f = await Client.InsertWorkflowAsync(failed);
        // charge discarded after its last attempt; its dependents cancelled by their policy; the workflow finished.
        await ExecAsync("UPDATE river_job SET state = 'discarded', attempt = 5, max_attempts = 5, attempted_at = now(), finalized_at = now() WHERE id = $1", f.Tasks["charge"].Id);
        await ExecAsync("UPDATE river_job SET state = 'cancelled', finalized_at = now() WHERE id = ANY($1)", new[] { f.Tasks["email"].Id, f.Tasks["ledger"].Id });
        await ExecAsync("UPDATE river_typed_workflow SET finished_at = now() WHERE id = $1", f.Id);
        return (d.Id, f.Id, d, f);
    }

    [Fact]
    public async Task Workflows_pages_list_filter_draw_the_graph_link_jobs_and_cancel_and_retry()
    {
        var (diamond, failed, d, f) = await SeedWorkflowsAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/workflows");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Workflows");
        var diamondRow = page.Locator($"tr[data-workflow='{diamond}']");
        await Expect(diamondRow).ToContainTextAsync("nightly-report");
        await Expect(diamondRow).ToContainTextAsync("running");
        await Expect(diamondRow).ToContainTextAsync("2 of 4 completed");
        var failedRow = page.Locator($"tr[data-workflow='{failed}']");
        await Expect(failedRow.Locator(".badge")).ToHaveTextAsync("failed");
        await Expect(failedRow).ToContainTextAsync("3 failed");
        await Screenshots.SaveAsync(page, "workflows");

        await page.GotoAsync(fixture.Url + "/workflows?state=failed");
        await Expect(page.Locator($"tr[data-workflow='{failed}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-workflow='{diamond}']")).ToHaveCountAsync(0);
        await page.GotoAsync(fixture.Url + "/workflows?state=running");
        await Expect(page.Locator($"tr[data-workflow='{diamond}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-workflow='{failed}']")).ToHaveCountAsync(0);
        await page.GotoAsync(fixture.Url + "/workflows?state=nonsense");
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("'nonsense' is not a workflow state");

        // The graph: one node per task, coloured by state, in columns by dependency depth, one edge per dependency.
        await page.GotoAsync(fixture.Url + "/workflows");
        await diamondRow.Locator("a:has-text('nightly-report')").ClickAsync();
        await Expect(page.Locator("svg.dag g.node")).ToHaveCountAsync(4);
        await Expect(page.Locator("svg.dag path.edge")).ToHaveCountAsync(4);
        await Expect(page.Locator("svg.dag path.edge.waiting")).ToHaveCountAsync(1);
        await Expect(page.Locator("g.node[data-task=extract]")).ToHaveAttributeAsync("data-state", "completed");
        await Expect(page.Locator("g.node[data-task=transform_a]")).ToHaveAttributeAsync("data-state", "running");
        await Expect(page.Locator("g.node[data-task=load]")).ToHaveAttributeAsync("data-state", "pending");
        // The node's column, from its translate(x,y) (read in one call: a live refresh may replace the graph meanwhile).
        async Task<double> X(string task) => double.Parse((await page.Locator($"g.node[data-task={task}]").GetAttributeAsync("transform"))!
            .Split('(', ',')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await X("extract") < await X("transform_a"), "extract is left of its dependents");
        Assert.Equal(await X("transform_a"), await X("transform_b"));
        Assert.True(await X("transform_b") < await X("load"), "load is right of its dependencies");
        await Expect(page.Locator("tr[data-task=load]")).ToContainTextAsync("transform_a");
        await Screenshots.SaveAsync(page, "workflow");

        // A node links to its job; the job links back to its workflow.
        await page.Locator("g.node[data-task=load]").ClickAsync();
        await Expect(page).ToHaveURLAsync(fixture.Url + "/jobs/" + d.Tasks["load"].Id);
        await page.ClickAsync($"dd a:has-text('{diamond}')");
        await Expect(page.Locator("svg.dag")).ToBeVisibleAsync();

        // Cancel: the pending task is cancelled at once (the running one is asked to stop: no worker runs it here).
        await page.ClickAsync("button[value=cancel]");
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync($"Cancelled workflow '{diamond}': 1 task cancelled at once");
        Assert.Equal(JobState.Cancelled, await StateAsync(d.Tasks["load"].Id));
        Assert.Equal(JobState.Completed, await StateAsync(d.Tasks["extract"].Id));
        await Expect(page.Locator("g.node[data-task=load]")).ToHaveAttributeAsync("data-state", "cancelled");

        // Retry the failed one: the discarded task runs again, its cancelled dependents wait for it.
        await page.GotoAsync(fixture.Url + "/workflow?id=" + Uri.EscapeDataString(failed));
        await page.ClickAsync("button[value=retry]");
        await Expect(page.Locator(".alert.ok")).ToContainTextAsync($"Retried 3 tasks of workflow '{failed}'");
        Assert.Equal(JobState.Available, await StateAsync(f.Tasks["charge"].Id));
        Assert.Equal(JobState.Pending, await StateAsync(f.Tasks["email"].Id));
        Assert.Null((await Client.GetWorkflowAsync(failed))!.FinishedAt);
        await Expect(page.Locator("g.node[data-task=charge]")).ToHaveAttributeAsync("data-state", "available");

        await page.GotoAsync(fixture.Url + "/workflow?id=no-such-workflow");
        await Expect(page.Locator(".alert.error")).ToContainTextAsync("No workflow has id 'no-such-workflow'");
        Assert.Empty(fixture.ScriptErrors);
    }

    [Fact]
    public async Task A_large_workflow_is_a_paged_table_not_a_graph()
    {
        var wide = new WorkflowBuilder("wide-fan-out");
        wide.Add("root", new ReportArgs("root"), Parked());
        for (var i = 0; i < Queries.WorkflowReads.GraphTaskLimit + 300; i++)
        {
            wide.Add("leaf_" + i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture), new ReportArgs("leaf"), Parked("root"));
        }
        var inserted = await Client.InsertWorkflowAsync(wide);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Url + "/workflow?id=" + Uri.EscapeDataString(inserted.Id));
        await Expect(page.Locator("svg.dag")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).ToContainTextAsync("shown as a table");
        await Expect(page.Locator("#workflow-tasks tbody tr")).ToHaveCountAsync(Queries.WorkflowReads.TaskPageSize);
        await page.ClickAsync("a:has-text('Next tasks')");
        await Expect(page.Locator("#workflow-tasks tbody tr")).ToHaveCountAsync(wide.Tasks.Count - Queries.WorkflowReads.TaskPageSize);
        await Expect(page.Locator("tr[data-task=root]")).ToBeVisibleAsync();
        // Gone again, so the other pages' screenshots do not show 551 parked tasks.
        await ExecAsync("DELETE FROM river_typed_workflow_edge WHERE job_id IN (SELECT job_id FROM river_typed_workflow_task WHERE workflow_id = $1)", inserted.Id);
        await ExecAsync("DELETE FROM river_job WHERE id IN (SELECT job_id FROM river_typed_workflow_task WHERE workflow_id = $1)", inserted.Id);
        await ExecAsync("DELETE FROM river_typed_workflow WHERE id = $1", inserted.Id);
    }

    [Fact]
    public async Task Limits_and_workflows_are_read_only_in_read_only_mode_and_escape_hostile_names()
    {
        var (diamond, _, _, _) = await SeedWorkflowsAsync();
        await ExecAsync("INSERT INTO river_typed_flow_limit (id, queue, max_running, source) VALUES ('queue:' || $1, $1, 2, 'runtime') ON CONFLICT DO NOTHING", Hostile);
        await ExecAsync("""
            INSERT INTO river_typed_workflow (id, name, task_count, metadata) VALUES ($1, $1, 1, jsonb_build_object($1::text, $1::text)) ON CONFLICT DO NOTHING
            """, Hostile);
        await using (var cmd = fixture.Database.DataSource.CreateCommand("""
            WITH j AS (
                INSERT INTO river_job (state, args, kind, queue, metadata)
                VALUES ('available', '{}', $1, 'dash-parked', jsonb_build_object('workflow_id', $1::text, 'task', $1::text, 'deps', '[]'::jsonb, 'river:sequence', $1::text))
                RETURNING id)
            INSERT INTO river_typed_workflow_task (job_id, workflow_id, name) SELECT id, $1, $1 FROM j
            """))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = Hostile });
            await cmd.ExecuteNonQueryAsync();
        }
        try
        {
            var page = await fixture.NewPageAsync();
            foreach (var path in new[] { "/limits", "/limits?edit=" + Uri.EscapeDataString("queue:" + Hostile), "/limits?key=" + Uri.EscapeDataString(Hostile),
                         "/workflows", "/workflow?id=" + Uri.EscapeDataString(Hostile), "/workflows?after=" + Uri.EscapeDataString(Hostile) })
            {
                await page.GotoAsync(fixture.Url + path);
                Assert.Null(await page.EvaluateAsync<int?>("window.__pwned ?? null"));
                Assert.Equal(0, await page.Locator("img").CountAsync());
            }
            await page.GotoAsync(fixture.Url + "/workflow?id=" + Uri.EscapeDataString(Hostile));
            await Expect(page.Locator("h1")).ToContainTextAsync("<script>window.__pwned=1;");
            await Expect(page.Locator("svg.dag title")).ToContainTextAsync("onerror=");
            await page.GotoAsync(fixture.Url + "/limits");
            var limit = page.Locator("#limit-table tbody tr").Filter(new() { HasText = "window.__pwned=1" });
            Assert.Equal("queue:" + Hostile, await limit.GetAttributeAsync("data-limit"));
            await Expect(page.Locator("#sequence-table tbody tr").Filter(new() { HasText = "window.__pwned=1" }).Locator("code")).ToHaveTextAsync(Hostile);
            // An action on it: the scope's name is refused by the rules, and the notice saying so is escaped too.
            await limit.Locator("button[value=delete]").ClickAsync();
            await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Not changed:");
            Assert.Null(await page.EvaluateAsync<int?>("window.__pwned ?? null"));
            Assert.Equal(0, await page.Locator("img").CountAsync());
            Assert.Empty(fixture.Alerts);

            // Read-only: no action anywhere, and posts are refused.
            await page.GotoAsync(fixture.ReadOnlyUrl + "/limits");
            await Expect(page.Locator("#limit-table tbody tr").First).ToBeVisibleAsync();
            await Expect(page.Locator("main form[method=post], main button[value]")).ToHaveCountAsync(0);
            await page.GotoAsync(fixture.ReadOnlyUrl + "/workflow?id=" + Uri.EscapeDataString(diamond));
            await Expect(page.Locator("svg.dag")).ToBeVisibleAsync();
            await Expect(page.Locator("main form[method=post], main button[value]")).ToHaveCountAsync(0);
            var limitPost = await page.APIRequest.PostAsync(fixture.ReadOnlyUrl + "/limits/action", new() { Form = Form(page, "action", "delete", "scope", "queue:" + Hostile) });
            Assert.Equal(403, limitPost.Status);
            var workflowPost = await page.APIRequest.PostAsync(fixture.ReadOnlyUrl + "/workflows/action", new() { Form = Form(page, "action", "cancel", "id", diamond) });
            Assert.Equal(403, workflowPost.Status);
            Assert.Null((await Client.GetWorkflowAsync(diamond))!.FinishedAt);
            // The stored row's name breaks the API's rules; listing still reads it (and it was not deleted).
            Assert.Contains(await Client.ListFlowLimitsAsync(), l => l.Scope.Queue == Hostile);
            Assert.Empty(fixture.ScriptErrors);
        }
        finally
        {
            await ExecAsync("DELETE FROM river_typed_flow_limit WHERE id = 'queue:' || $1", Hostile);
            await ExecAsync("DELETE FROM river_job WHERE kind = $1", Hostile);
            await ExecAsync("DELETE FROM river_typed_workflow WHERE id = $1", Hostile);
        }
    }
}
