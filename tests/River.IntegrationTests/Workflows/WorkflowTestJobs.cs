using Npgsql;
using River.IntegrationTests.Runtime;

// Workers of hand-defined args (no [JobArgs]): registered by hand.
#pragma warning disable RIVER0018

namespace River.IntegrationTests.Workflows;

/// <summary>A workflow step: its task name (for the ledger), what to do, and a number.</summary>
public sealed record StepArgs(string Task, string Action = "ok", int Value = 0);

/// <summary>A workflow step worked by a batch worker (<see cref="StepBatchWorker"/>).</summary>
public sealed record BatchStepArgs(string Task, int Value);

/// <summary>A typed output (serialized by its definition, as a generated one would be).</summary>
public sealed record StepOutput(string Task, long Total);

internal static class WorkflowDefs
{
    public static readonly JobDefinition<StepArgs> Step = TestDefinitions.Create<StepArgs>("test.wf_step");
    public static readonly JobDefinition<StepOutput> Output = TestDefinitions.Create<StepOutput>("test.wf_output");
    public static readonly JobDefinition<BatchStepArgs> BatchStep = TestDefinitions.Create<BatchStepArgs>("test.wf_batch_step");

    /// <summary>Two tasks, <paramref name="dependent"/> after "root": one workflow row, two task rows, one edge.</summary>
    public static WorkflowBuilder Pair(string name, string dependent = "child")
    {
        var wf = new WorkflowBuilder(name);
        wf.Add("root", new StepArgs("root"));
        wf.Add(dependent, new StepArgs(dependent), "root");
        return wf;
    }

    public static void EnsureRegistered()
    {
        Defs.EnsureRegistered();
        _ = (Step, Output, BatchStep);
    }
}

/// <summary>
/// Works <see cref="StepArgs"/> and writes each run's start and end (database clock) to the side table
/// <c>wf_ledger</c>, so ordering is proven from the database, not from the test's own timing.
/// </summary>
internal sealed class StepWorker(NpgsqlDataSource dataSource) : Worker<StepArgs>
{
    public const string CreateLedger = "CREATE TABLE wf_ledger (job_id bigint NOT NULL, task text NOT NULL, attempt int NOT NULL, started_at timestamptz NOT NULL, ended_at timestamptz)";

    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task WorkAsync(Job<StepArgs> job, CancellationToken cancellationToken)
    {
        await using (var start = dataSource.CreateCommand("INSERT INTO wf_ledger (job_id, task, attempt, started_at) VALUES (@id, @task, @attempt, clock_timestamp())"))
        {
            start.Parameters.AddWithValue("id", job.Id);
            start.Parameters.AddWithValue("task", job.Args.Task);
            start.Parameters.AddWithValue("attempt", job.Attempt);
            await start.ExecuteNonQueryAsync(CancellationToken.None);
        }
        try
        {
            switch (job.Args.Action)
            {
                case "ok":
                    job.RecordOutput(new StepOutput(job.Args.Task, job.Args.Value));
                    break;
                case "int":
                    job.RecordOutput(job.Args.Value);
                    break;
                case "read-int":
                    job.RecordOutput(new StepOutput(job.Args.Task, job.GetOutput<int>(Deps(job).Single()) + job.Args.Value));
                    break;
                case "sum":
                    // Its own value plus the totals of every dependency that left an output.
                    long total = job.Args.Value;
                    foreach (var dep in Deps(job))
                    {
                        if (job.TryGetOutputJson(dep, out _))
                        {
                            var output = job.GetOutput<StepOutput>(dep);
                            Assert.Equal(dep, output.Task);
                            total += output.Total;
                        }
                    }
                    job.RecordOutput(new StepOutput(job.Args.Task, total));
                    break;
                case "fail":
                    throw new InvalidOperationException("step " + job.Args.Task + " fails");
                case "fail-first":
                    if (job.Attempt == 1)
                    {
                        throw new InvalidOperationException("step " + job.Args.Task + " fails its first attempt");
                    }
                    job.RecordOutput(new StepOutput(job.Args.Task, job.Args.Value));
                    break;
                case "hang":
                    Hanging.TrySetResult();
                    await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
                    break;
                default:
                    throw new ArgumentException("unknown action " + job.Args.Action);
            }
        }
        finally
        {
            await using var end = dataSource.CreateCommand("UPDATE wf_ledger SET ended_at = clock_timestamp() WHERE job_id = @id AND attempt = @attempt");
            end.Parameters.AddWithValue("id", job.Id);
            end.Parameters.AddWithValue("attempt", job.Attempt);
            await end.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static IEnumerable<string> Deps(Job<StepArgs> job)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(job.Metadata);
        return doc.RootElement.GetProperty("deps").EnumerateArray().Select(d => d.GetString()!).ToList();
    }
}

/// <summary>Works <see cref="BatchStepArgs"/> in batches: each job records its value as a <see cref="StepOutput"/> and completes.</summary>
internal sealed class StepBatchWorker : BatchWorker<BatchStepArgs>
{
    public override Task WorkAsync(JobBatch<BatchStepArgs> batch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].RecordOutput(new StepOutput(batch[i].Args.Task, batch[i].Args.Value));
        }
        return Task.CompletedTask;
    }
}
