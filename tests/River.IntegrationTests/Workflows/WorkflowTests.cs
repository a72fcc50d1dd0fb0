using River.IntegrationTests.Infrastructure;
using Npgsql;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Workflows;

public sealed class WorkflowTests : RuntimeTestBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private async Task<(RiverClient Client, StepWorker Worker, RiverEventSubscription Events)> StartAsync(int workers = 10, bool start = true,
        Action<RiverClientOptions>? configure = null)
    {
        WorkflowDefs.EnsureRegistered();
        await ExecuteAsync(StepWorker.CreateLedger);
        var worker = new StepWorker(DataSource);
        var client = NewClient(o => { o.Queues.Add("default", workers); o.Workers.Add(WorkflowDefs.Step, _ => worker); configure?.Invoke(o); });
        var events = client.SubscribeEvents(10_000, RiverEventKind.WorkflowFinished);
        if (start)
        {
            await client.StartAsync();
        }
        return (client, worker, events);
    }

    private static async Task WaitFinishedAsync(RiverEventSubscription events, string workflowId)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await foreach (var e in events.ReadAllAsync().WithCancellation(timeout.Token))
        {
            if (e.Kind == RiverEventKind.WorkflowFinished && e.WorkflowId == workflowId)
            {
                return;
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Edges (dependency task, dependent task) whose dependent started before its dependency's last run ended, from the ledger.</summary>
    /// <remarks>Dependents that run anyway after a failed dependency are left out (they may run before its retry).</remarks>
    private Task<long> OrderViolationsAsync(string workflowId) => ScalarAsync<long>($"""
        SELECT count(*)
        FROM river_typed_workflow_edge e
        JOIN river_typed_workflow_task t ON t.job_id = e.job_id AND t.workflow_id = '{workflowId}' AND t.on_failure <> 'run'
        JOIN wf_ledger dependent ON dependent.job_id = e.job_id
        JOIN LATERAL (SELECT max(ended_at) AS ended_at FROM wf_ledger WHERE job_id = e.dep_job_id) dep ON true
        WHERE dep.ended_at IS NULL OR dependent.started_at <= dep.ended_at
        """);

    private static long TotalOf(JobRow row)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(row.Metadata);
        return doc.RootElement.GetProperty("output").GetProperty("total").GetInt64();
    }

    [Fact]
    public async Task A_diamond_runs_in_dependency_order_and_passes_typed_outputs_downstream()
    {
        var (client, _, events) = await StartAsync();
        var wf = new WorkflowBuilder("diamond");
        var a = wf.Add("a", new StepArgs("a", "ok", 1));
        var b = wf.Add("b", new StepArgs("b", "sum", 10), new WorkflowTaskOptions { After = [a] });
        var c = wf.Add("c", new StepArgs("c", "sum", 100), "a");
        wf.Add("d", new StepArgs("d", "sum", 1000), new WorkflowTaskOptions { After = [b, c] });

        var inserted = await client.InsertWorkflowAsync(wf);

        Assert.Equal(JobState.Available, inserted.Tasks["a"].State);
        Assert.All(new[] { "b", "c", "d" }, t => Assert.Equal(JobState.Pending, inserted.Tasks[t].State));
        await WaitFinishedAsync(events, wf.Id);

        Assert.Equal(0, await OrderViolationsAsync(wf.Id));
        Assert.Equal(4, await ScalarAsync<long>("SELECT count(*) FROM wf_ledger"));
        var info = (await client.GetWorkflowAsync(wf.Id))!;
        Assert.True(info.IsFinished);
        Assert.Equal(new[] { "a", "b", "c", "d" }, info.Tasks.Select(t => t.Name));
        Assert.All(info.Tasks, t => Assert.Equal(JobState.Completed, t.Job.State));
        Assert.Equal(new[] { "b", "c" }, info.Tasks[3].DependsOn);
        // d = 1000 + (10 + 1) + (100 + 1): each total read typed from the dependency's output.
        Assert.Equal(1112, TotalOf(info.Tasks[3].Job));
        var listed = Assert.Single(await client.ListWorkflowsAsync());
        Assert.Equal(wf.Id, listed.Id);
        Assert.Equal(4, listed.TaskCount);
        Assert.Empty(await client.ListWorkflowsAsync(unfinishedOnly: true));
    }

    [Fact]
    public async Task A_fan_in_of_1000_dependencies_releases_its_task_once_with_every_output()
    {
        const int roots = 1000;
        var (client, worker, events) = await StartAsync(workers: 20);
        // A second client on the same queue: completers of two processes race to complete the last dependencies.
        var second = NewClient(o => { o.Queues.Add("default", 20); o.Workers.Add(WorkflowDefs.Step, _ => worker); });
        using var secondEvents = second.SubscribeEvents(100, RiverEventKind.WorkflowFinished);
        await second.StartAsync();
        var wf = new WorkflowBuilder("fan-in");
        var names = new string[roots];
        for (var i = 0; i < roots; i++)
        {
            names[i] = "root-" + i;
            wf.Add(names[i], new StepArgs(names[i], "ok", i));
        }
        wf.Add("sink", new StepArgs("sink", "sum"), names);

        await client.InsertWorkflowAsync(wf);
        // The finish event comes from the client whose completer wrote the last outcome.
        var finished = await Task.WhenAny(WaitFinishedAsync(events, wf.Id), WaitFinishedAsync(secondEvents, wf.Id));
        await finished;

        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM wf_ledger WHERE task = 'sink'"));
        Assert.Equal(0, await OrderViolationsAsync(wf.Id));
        var sink = (await client.GetWorkflowAsync(wf.Id))!.Tasks.Single(t => t.Name == "sink");
        Assert.Equal(JobState.Completed, sink.Job.State);
        Assert.Equal(roots * (roots - 1L) / 2, TotalOf(sink.Job));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM river_typed_workflow_edge WHERE NOT satisfied"));
    }

    [Fact]
    public async Task Failure_policies_cancel_run_anyway_or_wait_and_a_retry_continues_the_workflow()
    {
        var (client, _, events) = await StartAsync();
        var wf = new WorkflowBuilder("policies");
        wf.Add("a", new StepArgs("a", "fail-first", 5), new WorkflowTaskOptions { InsertOptions = new InsertOptions { MaxAttempts = 1 } });
        wf.Add("cancelled", new StepArgs("cancelled", "sum"), "a");                          // default: cancel
        wf.Add("cancelled-too", new StepArgs("cancelled-too", "sum"), "cancelled");          // transitively
        wf.Add("anyway", new StepArgs("anyway", "sum", 7), new WorkflowTaskOptions { DependsOn = ["a"], OnFailure = WorkflowFailurePolicy.RunAnyway });
        wf.Add("waits", new StepArgs("waits", "sum", 1), new WorkflowTaskOptions { DependsOn = ["a"], OnFailure = WorkflowFailurePolicy.Wait });
        using var completed = client.SubscribeEvents(1000, RiverEventKind.JobCompleted);
        var inserted = await client.InsertWorkflowAsync(wf);

        using (var timeout = new CancellationTokenSource(Wait))
        {
            await foreach (var e in completed.ReadAllAsync().WithCancellation(timeout.Token))
            {
                if (e.Job!.Id == inserted.Tasks["anyway"].Id)
                {
                    break;
                }
            }
        }
        var afterFailure = (await client.GetWorkflowAsync(wf.Id))!.Tasks.ToDictionary(t => t.Name, t => t.Job);
        Assert.Equal(JobState.Discarded, afterFailure["a"].State);
        Assert.Equal(JobState.Cancelled, afterFailure["cancelled"].State);
        Assert.Equal(JobState.Cancelled, afterFailure["cancelled-too"].State);
        Assert.Equal(JobState.Completed, afterFailure["anyway"].State);
        Assert.Equal(7, TotalOf(afterFailure["anyway"])); // ran without a's output
        Assert.Equal(JobState.Pending, afterFailure["waits"].State);
        Assert.Null((await client.GetWorkflowAsync(wf.Id))!.FinishedAt);

        // A manual retry of the failed task: it completes on its second attempt and the waiting task is released.
        await client.RetryJobAsync(inserted.Tasks["a"].Id);
        await WaitFinishedAsync(events, wf.Id);
        var afterRetry = (await client.GetWorkflowAsync(wf.Id))!.Tasks.ToDictionary(t => t.Name, t => t.Job);
        Assert.Equal(JobState.Completed, afterRetry["a"].State);
        Assert.Equal(JobState.Completed, afterRetry["waits"].State);
        Assert.Equal(6, TotalOf(afterRetry["waits"]));
        Assert.Equal(JobState.Cancelled, afterRetry["cancelled"].State);

        // Retrying the workflow brings back what was cancelled: 'cancelled' runs, then 'cancelled-too'.
        Assert.Equal(2, await client.RetryWorkflowAsync(wf.Id));
        await WaitFinishedAsync(events, wf.Id);
        var final = (await client.GetWorkflowAsync(wf.Id))!;
        Assert.All(final.Tasks, t => Assert.Equal(JobState.Completed, t.Job.State));
        Assert.Equal(5, TotalOf(final.Tasks.Single(t => t.Name == "cancelled-too").Job));
        Assert.Equal(0, await OrderViolationsAsync(wf.Id));
    }

    [Fact]
    public async Task Cancelling_a_workflow_cancels_waiting_queued_and_running_tasks()
    {
        var (client, worker, events) = await StartAsync();
        var wf = new WorkflowBuilder("cancel me");
        wf.Add("running", new StepArgs("running", "hang"));
        wf.Add("after", new StepArgs("after"), "running");
        wf.Add("later", new StepArgs("later"), new WorkflowTaskOptions { DependsOn = ["after"], OnFailure = WorkflowFailurePolicy.Wait });
        wf.Add("queued", new StepArgs("queued"), new WorkflowTaskOptions { InsertOptions = new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddHours(1) } });
        await client.InsertWorkflowAsync(wf);
        await worker.Hanging.Task.WaitAsync(Wait);

        Assert.Equal(3, await client.CancelWorkflowAsync(wf.Id));
        await WaitFinishedAsync(events, wf.Id);

        var info = (await client.GetWorkflowAsync(wf.Id))!;
        Assert.All(info.Tasks, t => Assert.Equal(JobState.Cancelled, t.Job.State));
        Assert.NotNull(info.FinishedAt);
        await Assert.ThrowsAsync<RiverNotFoundException>(() => client.CancelWorkflowAsync("no-such-workflow"));
    }

    [Fact]
    public async Task Cancelling_one_task_through_the_management_api_applies_its_dependents_policies()
    {
        var (client, worker, events) = await StartAsync();
        var later = new InsertOptions { ScheduledAt = DateTimeOffset.UtcNow.AddHours(1) };
        var wf = new WorkflowBuilder("cancel one task");
        wf.Add("root", new StepArgs("root"), new WorkflowTaskOptions { InsertOptions = later });        // queued: cancelled at once
        wf.Add("cancelled", new StepArgs("cancelled"), "root");                                        // default policy: cancelled too
        wf.Add("cancelled-too", new StepArgs("cancelled-too"), "cancelled");                           // transitively
        wf.Add("anyway", new StepArgs("anyway", "sum", 3), new WorkflowTaskOptions { DependsOn = ["root"], OnFailure = WorkflowFailurePolicy.RunAnyway });
        wf.Add("waits", new StepArgs("waits"), new WorkflowTaskOptions { DependsOn = ["root"], OnFailure = WorkflowFailurePolicy.Wait });
        wf.Add("hangs", new StepArgs("hangs", "hang"));                                                // running: cancelled by its token
        wf.Add("after-hangs", new StepArgs("after-hangs"), "hangs");
        var inserted = await client.InsertWorkflowAsync(wf);
        await worker.Hanging.Task.WaitAsync(Wait);
        using var completed = client.SubscribeEvents(1000, RiverEventKind.JobCompleted);

        var root = await client.CancelJobAsync(inserted.Tasks["root"].Id);
        Assert.Equal(JobState.Cancelled, root.State);
        // Committed with the cancel: no worker needed for these.
        var tasks = (await client.GetWorkflowAsync(wf.Id))!.Tasks.ToDictionary(t => t.Name, t => t.Job);
        Assert.Equal(JobState.Cancelled, tasks["cancelled"].State);
        Assert.Equal(JobState.Cancelled, tasks["cancelled-too"].State);
        Assert.NotEqual(JobState.Pending, tasks["anyway"].State);
        Assert.Equal(JobState.Pending, tasks["waits"].State);

        // The dashboard's cancel of a running task: its cancelled outcome applies the policy of its dependent.
        Assert.Equal(JobState.Running, (await client.CancelJobAsync(inserted.Tasks["hangs"].Id)).State);
        using (var timeout = new CancellationTokenSource(Wait))
        {
            await foreach (var e in completed.ReadAllAsync().WithCancellation(timeout.Token))
            {
                if (e.Job!.Id == inserted.Tasks["anyway"].Id)
                {
                    break;
                }
            }
        }
        // 'waits' waits for a retry of root; the workflow is not finished until then.
        await client.RetryJobAsync(inserted.Tasks["root"].Id);
        await WaitFinishedAsync(events, wf.Id);
        tasks = (await client.GetWorkflowAsync(wf.Id))!.Tasks.ToDictionary(t => t.Name, t => t.Job);
        Assert.Equal(JobState.Cancelled, tasks["hangs"].State);
        Assert.Equal(JobState.Cancelled, tasks["after-hangs"].State);
        Assert.Equal(JobState.Completed, tasks["anyway"].State);
        Assert.Equal(3, TotalOf(tasks["anyway"]));
        Assert.Equal(JobState.Completed, tasks["root"].State);
        Assert.Equal(JobState.Completed, tasks["waits"].State);
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM wf_ledger WHERE task IN ('cancelled', 'cancelled-too', 'after-hangs')"));
        Assert.Equal(0, await OrderViolationsAsync(wf.Id));
    }

    [Fact]
    public async Task Cancelling_one_task_inside_the_callers_transaction_cancels_its_dependents_only_if_committed()
    {
        var (client, _, _) = await StartAsync(start: false);
        var wf = WorkflowDefs.Pair("cancel in a transaction", "dependent");
        var inserted = await client.InsertWorkflowAsync(wf);

        foreach (var commit in new[] { false, true })
        {
            await using var connection = await DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            Assert.Equal(JobState.Cancelled, (await client.CancelJobAsync(inserted.Tasks["root"].Id, transaction)).State);
            Assert.Equal(JobState.Cancelled, (await client.GetJobAsync(inserted.Tasks["dependent"].Id, transaction))!.State);
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
                Assert.Equal(JobState.Pending, (await client.GetJobAsync(inserted.Tasks["dependent"].Id))!.State);
            }
        }

        var info = (await client.GetWorkflowAsync(wf.Id))!;
        Assert.All(info.Tasks, t => Assert.Equal(JobState.Cancelled, t.Job.State));
        Assert.NotNull(info.FinishedAt);
    }

    [Fact]
    public async Task Retrying_one_task_keeps_its_dependencies_reopens_its_workflow_and_refuses_what_would_be_cancelled_again()
    {
        var (client, _, events) = await StartAsync(start: false);
        var wf = WorkflowDefs.Pair("retry one task");
        var inserted = await client.InsertWorkflowAsync(wf);
        var (root, child) = (inserted.Tasks["root"].Id, inserted.Tasks["child"].Id);

        // Waiting already: a retry leaves it pending (River's own retry would make it available before its dependency ran).
        Assert.Equal(JobState.Pending, (await client.RetryJobAsync(child)).State);
        // Not final: deleting either would strand the workflow.
        var kept = await Assert.ThrowsAsync<InvalidOperationException>(() => client.DeleteJobAsync(child));
        Assert.Contains($"task 'child' of workflow '{wf.Id}' and is pending", kept.Message, StringComparison.Ordinal);
        Assert.Contains("Cancel it first", kept.Message, StringComparison.Ordinal);
        Assert.Equal(0, await client.DeleteManyAsync(new JobDeleteManyOptions { Kinds = [WorkflowDefs.Step.Kind] }));

        await client.CancelJobAsync(root); // the child is cancelled with it, and the workflow finishes
        Assert.NotNull((await client.GetWorkflowAsync(wf.Id))!.FinishedAt);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => client.RetryJobAsync(child));
        Assert.Contains("dependency 'root (cancelled)' has not completed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("RetryWorkflowAsync", refused.Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Cancelled, (await client.GetJobAsync(child))!.State);

        Assert.Equal(JobState.Available, (await client.RetryJobAsync(root)).State);
        Assert.Null((await client.GetWorkflowAsync(wf.Id))!.FinishedAt);
        Assert.Equal(JobState.Pending, (await client.RetryJobAsync(child)).State); // waits for root again

        await WaitFinishedAsync(events, wf.Id); // the cancel's finish
        using var again = client.SubscribeEvents(100, RiverEventKind.WorkflowFinished);
        await client.StartAsync();
        await WaitFinishedAsync(again, wf.Id);
        Assert.All((await client.GetWorkflowAsync(wf.Id))!.Tasks, t => Assert.Equal(JobState.Completed, t.Job.State));
        Assert.Equal(0, await OrderViolationsAsync(wf.Id));
        // Final now: deletable.
        Assert.Equal(2, await client.DeleteManyAsync(new JobDeleteManyOptions { Kinds = [WorkflowDefs.Step.Kind] }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retry_waiting_on_a_completer_sees_the_dependency_it_completed(bool wholeWorkflow)
    {
        var (client, _, _) = await StartAsync(start: false);
        var wf = WorkflowDefs.Pair("retry during a completion");
        var inserted = await client.InsertWorkflowAsync(wf);
        var (root, child) = (inserted.Tasks["root"].Id, inserted.Tasks["child"].Id);
        await client.CancelJobAsync(child); // cancelled on its own: the root is still to run

        // The root's completer, mid-transaction: it holds the child's row (its dependent) and has satisfied the edge.
        await using var completer = await DataSource.OpenConnectionAsync();
        await using var tx = await completer.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand($"""
            SELECT id FROM river_job WHERE id = {child} FOR UPDATE;
            UPDATE river_typed_workflow_edge SET satisfied = true WHERE job_id = {child};
            UPDATE river_job SET state = 'completed', finalized_at = now() WHERE id = {root};
            """, completer, tx))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        var retry = wholeWorkflow ? (Task)client.RetryWorkflowAsync(wf.Id) : client.RetryJobAsync(child);
        await Sql.WaitForLockWaitersAsync(DataSource, Wait);
        await tx.CommitAsync();
        await retry.WaitAsync(Wait);

        // Read after the completer's commit, the edge is satisfied: available, not pending on an edge nobody will satisfy again.
        Assert.Equal(JobState.Available, (await client.GetJobAsync(child))!.State);
    }

    [Fact]
    public async Task Tasks_worked_by_a_batch_worker_release_their_dependents()
    {
        var (client, _, events) = await StartAsync(configure: o =>
            o.Workers.AddBatch(WorkflowDefs.BatchStep, _ => new StepBatchWorker(), new BatchWorkerOptions { MaxSize = 10 }));
        var wf = new WorkflowBuilder("batch-worked roots");
        wf.Add("x", new BatchStepArgs("x", 20));
        wf.Add("y", new BatchStepArgs("y", 22));
        wf.Add("sum", new StepArgs("sum", "sum"), "x", "y");

        await client.InsertWorkflowAsync(wf);
        await WaitFinishedAsync(events, wf.Id);

        var sum = (await client.GetWorkflowAsync(wf.Id))!.Tasks.Single(t => t.Name == "sum").Job;
        Assert.Equal(JobState.Completed, sum.State);
        Assert.Equal(42, TotalOf(sum));
    }

    [Fact]
    public async Task A_client_that_deletes_completed_jobs_keeps_workflow_tasks_so_their_dependents_are_released()
    {
        var (client, _, events) = await StartAsync(start: false, configure: o => o.DeleteCompletedJobs = true);
        using var completed = client.SubscribeEvents(100, RiverEventKind.JobCompleted);
        await client.StartAsync();
        var wf = WorkflowBuilder.Chain(new StepArgs("step-1", "ok", 5)).Then(new StepArgs("step-2", "sum", 1));
        var plain = await client.InsertAsync(new StepArgs("plain"));

        await client.InsertWorkflowAsync(wf);
        await WaitFinishedAsync(events, wf.Id);
        using (var timeout = new CancellationTokenSource(Wait))
        {
            await foreach (var e in completed.ReadAllAsync().WithCancellation(timeout.Token))
            {
                if (e.Job!.Id == plain.Job.Id)
                {
                    break;
                }
            }
        }

        var tasks = (await client.GetWorkflowAsync(wf.Id))!.Tasks;
        Assert.All(tasks, t => Assert.Equal(JobState.Completed, t.Job.State));
        Assert.Equal(6, TotalOf(tasks[1].Job));
        Assert.Null(await client.GetJobAsync(plain.Job.Id)); // a plain job is still deleted
    }

    [Fact]
    public async Task A_chain_of_continuations_runs_each_step_after_the_previous_one()
    {
        var (client, _, events) = await StartAsync();
        var chain = WorkflowBuilder.Chain(new StepArgs("number", "int", 40))
            .Then(new StepArgs("step-2", "ok", 1))
            .Then(new StepArgs("step-3", "sum", 1));
        chain.Add("number-reader", new StepArgs("number-reader", "read-int", 2), "step-1");
        Assert.Equal(new[] { "step-1", "step-2", "step-3", "number-reader" }, chain.Tasks.Select(t => t.Name));

        await client.InsertWorkflowAsync(chain);
        await WaitFinishedAsync(events, chain.Id);

        Assert.Equal(0, await OrderViolationsAsync(chain.Id));
        var tasks = (await client.GetWorkflowAsync(chain.Id))!.Tasks.ToDictionary(t => t.Name, t => t.Job);
        Assert.Equal(2, TotalOf(tasks["step-3"]));
        Assert.Equal(42, TotalOf(tasks["number-reader"])); // step-1's int output, read back typed by task name
    }

    [Fact]
    public async Task A_workflow_inserted_in_a_rolled_back_transaction_leaves_nothing()
    {
        var (client, _, _) = await StartAsync(start: false);
        var wf = new WorkflowBuilder("rolled back");
        wf.Add("a", new StepArgs("a"));
        wf.Add("b", new StepArgs("b"), "a");
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var inserted = await client.InsertWorkflowAsync(wf, transaction);
            Assert.Equal(2, inserted.Tasks.Count);
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await CountAsync());
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM river_typed_workflow"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM river_typed_workflow_edge"));
    }

    [Fact]
    public async Task Ten_thousand_tasks_insert_in_one_call_and_cancel_in_one_call()
    {
        const int count = 10_000;
        var (client, _, _) = await StartAsync(start: false);
        var wf = new WorkflowBuilder("large");
        var edges = 0;
        for (var i = 0; i < count; i++)
        {
            // a binary tree, plus a second dependency on the previous task for every third one
            var deps = i == 0 ? [] : i % 3 == 0 ? new[] { "t" + ((i - 1) / 2), "t" + (i - 1) } : new[] { "t" + ((i - 1) / 2) };
            edges += deps.Length;
            wf.Add("t" + i, new StepArgs("t" + i), deps);
        }

        var inserted = await client.InsertWorkflowAsync(wf);

        Assert.Equal(count, inserted.Tasks.Count);
        Assert.Equal(1, await CountAsync("state = 'available'"));
        Assert.Equal(count - 1, await CountAsync("state = 'pending'"));
        Assert.Equal(count, await ScalarAsync<long>("SELECT count(*) FROM river_typed_workflow_task"));
        Assert.Equal(edges, await ScalarAsync<long>("SELECT count(*) FROM river_typed_workflow_edge"));
        Assert.Equal(count, await ScalarAsync<long>($"SELECT count(*) FROM river_job WHERE metadata @> '{{\"workflow_id\":\"{wf.Id}\"}}'"));

        Assert.Equal(count, await client.CancelWorkflowAsync(wf.Id));
        Assert.Equal(count, await CountAsync("state = 'cancelled'"));
        Assert.NotNull((await client.GetWorkflowAsync(wf.Id))!.FinishedAt);
    }

    [Fact]
    public async Task A_bad_graph_or_a_unique_task_is_refused_before_anything_is_written()
    {
        var (client, _, _) = await StartAsync(start: false);
        var cyclic = new WorkflowBuilder("cyclic");
        cyclic.Add("a", new StepArgs("a"), "c");
        cyclic.Add("b", new StepArgs("b"), "a");
        cyclic.Add("c", new StepArgs("c"), "b");
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.InsertWorkflowAsync(cyclic));
        Assert.Contains("dependency cycle", error.Message);

        var unique = new WorkflowBuilder("unique");
        unique.Add("u", new UniqueArgs("k"));
        error = await Assert.ThrowsAsync<ArgumentException>(() => client.InsertWorkflowAsync(unique));
        Assert.Contains("cannot be unique", error.Message);

        var first = new WorkflowBuilder("first", id: "same-id");
        first.Add("a", new StepArgs("a"));
        await client.InsertWorkflowAsync(first);
        var again = new WorkflowBuilder("again", id: "same-id");
        again.Add("a", new StepArgs("a"));
        error = await Assert.ThrowsAsync<ArgumentException>(() => client.InsertWorkflowAsync(again));
        Assert.Contains("already exists", error.Message);

        Assert.Equal(1, await CountAsync());
    }
}
