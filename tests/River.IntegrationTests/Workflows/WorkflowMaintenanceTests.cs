using River.IntegrationTests.Maintenance;
using River.Maintenance;

namespace River.IntegrationTests.Workflows;

/// <summary>The leader's services on workflows: the workflow cleaner, and the rescuer finishing a workflow.</summary>
public sealed class WorkflowMaintenanceTests : MaintenanceTestBase
{
    /// <summary>The workflow, task and edge rows of a workflow (its jobs are not counted).</summary>
    private Task<long> RowsOfAsync(string workflowId) => ScalarAsync<long>($"""
        SELECT (SELECT count(*) FROM river_typed_workflow WHERE id = '{workflowId}')
             + (SELECT count(*) FROM river_typed_workflow_task WHERE workflow_id = '{workflowId}')
             + (SELECT count(*) FROM river_typed_workflow_edge e JOIN river_job j ON j.id = e.job_id WHERE j.metadata ->> 'workflow_id' = '{workflowId}')
        """);

    [Fact]
    public async Task The_workflow_cleaner_deletes_old_finished_workflows_with_their_tasks_and_edges_and_keeps_the_rest()
    {
        WorkflowDefs.EnsureRegistered();
        var client = NewMaintenanceClient(o => o.Maintenance.WorkflowCleanerBatchSize = 2);
        var cleaner = client.Maintenance.Get<WorkflowCleaner>()!;
        var old = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var wf = WorkflowDefs.Pair("old " + i);
            await client.InsertWorkflowAsync(wf);
            await client.CancelWorkflowAsync(wf.Id);
            old.Add(wf.Id);
        }
        var young = WorkflowDefs.Pair("young");
        await client.InsertWorkflowAsync(young);
        await client.CancelWorkflowAsync(young.Id);
        var unfinished = WorkflowDefs.Pair("unfinished");
        await client.InsertWorkflowAsync(unfinished);
        await ExecuteAsync($"UPDATE river_typed_workflow SET finished_at = now() - interval '7 days 1 minute' WHERE id IN ('{string.Join("', '", old)}')");
        await ExecuteAsync($"UPDATE river_typed_workflow SET created_at = now() - interval '30 days' WHERE id = '{unfinished.Id}'");
        foreach (var id in old)
        {
            Assert.Equal(4, await RowsOfAsync(id));
        }

        // Batches of two until one comes back short: 2 + 2 + 1.
        Assert.Equal(5, await cleaner.RunOnceAsync());
        foreach (var id in old)
        {
            Assert.Equal(0, await RowsOfAsync(id));
            Assert.Null(await client.GetWorkflowAsync(id));
        }
        Assert.Equal(4, await RowsOfAsync(young.Id));
        Assert.Equal(4, await RowsOfAsync(unfinished.Id));
        // The jobs are River's job cleaner's: still there.
        Assert.Equal(10, await ScalarAsync<long>($"SELECT count(*) FROM river_job WHERE metadata ->> 'workflow_id' IN ('{string.Join("', '", old)}')"));

        // The young one goes once it is old enough; a workflow that never finished stays.
        Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await cleaner.RunOnceAsync());
        Assert.Equal(0, await RowsOfAsync(young.Id));
        Assert.Equal(4, await RowsOfAsync(unfinished.Id));
        Assert.Equal(0, await cleaner.RunOnceAsync());
    }

    [Fact]
    public async Task A_null_workflow_retention_keeps_finished_workflows_forever()
    {
        WorkflowDefs.EnsureRegistered();
        var client = NewMaintenanceClient(o => o.Maintenance.WorkflowRetention = null);
        var wf = WorkflowDefs.Pair("kept");
        await client.InsertWorkflowAsync(wf);
        await client.CancelWorkflowAsync(wf.Id);
        await ExecuteAsync($"UPDATE river_typed_workflow SET finished_at = now() - interval '3 years' WHERE id = '{wf.Id}'");
        Assert.Equal(0, await client.Maintenance.Get<WorkflowCleaner>()!.RunOnceAsync());
        Assert.Equal(4, await RowsOfAsync(wf.Id));
    }

    [Fact]
    public async Task A_rescue_that_finalizes_the_last_task_finishes_the_workflow_and_publishes_it()
    {
        WorkflowDefs.EnsureRegistered();
        var client = NewMaintenanceClient();
        using var finished = client.SubscribeEvents(RiverEventKind.WorkflowFinished);
        var wf = WorkflowDefs.Pair("rescued");
        var inserted = await client.InsertWorkflowAsync(wf);
        // The root's client died on its last attempt two hours ago.
        await ExecuteAsync($"""
            UPDATE river_job SET state = 'running', attempt = 1, max_attempts = 1, attempted_at = now() - interval '2 hours', attempted_by = ARRAY['gone']
            WHERE id = {inserted.Tasks["root"].Id}
            """);

        Assert.Equal(1, await client.Maintenance.Get<JobRescuer>()!.RunOnceAsync());

        Assert.Equal(JobState.Discarded, await StateAsync(inserted.Tasks["root"].Id));
        Assert.Equal(JobState.Cancelled, await StateAsync(inserted.Tasks["child"].Id));
        Assert.NotNull((await client.GetWorkflowAsync(wf.Id))!.FinishedAt);
        using var timeout = new CancellationTokenSource(Wait);
        var e = await finished.Reader.ReadAsync(timeout.Token);
        Assert.Equal((RiverEventKind.WorkflowFinished, wf.Id, "rescued"), (e.Kind, e.WorkflowId, e.WorkflowName));
    }
}
