// Workflows built from constants: RIVER0065 a dependency that names no task of the workflow, RIVER0066 a task that
// depends on itself.
namespace DiagnosticsShowcase.Workflows;

[JobArgs("workflow.step")]
public sealed record Step(int N);

public sealed class StepWorker : Worker<Step>
{
    public override Task WorkAsync(Job<Step> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class AlbumWorkflow
{
    public static Task<WorkflowInsertResult> InsertAsync(RiverClient client)
    {
        var workflow = new WorkflowBuilder("album");
        workflow.Add("resize", new Step(1));
        workflow.Add("build", new Step(2), /*!RIVER0065*/"resise");
        workflow.Add("notify", new Step(3), new WorkflowTaskOptions { DependsOn = new[] { /*!RIVER0066*/"notify" } });
        return client.InsertWorkflowAsync(workflow);
    }
}
