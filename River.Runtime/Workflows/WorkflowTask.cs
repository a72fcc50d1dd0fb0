namespace River;

/// <summary>One task of a <see cref="WorkflowBuilder"/>: a typed job with a name unique in its workflow and the names it depends on.</summary>
public sealed class WorkflowTask
{
    internal WorkflowTask(WorkflowBuilder workflow, string name, JobInsertRequest request, IReadOnlyList<string> dependsOn, WorkflowFailurePolicy onFailure)
    {
        Workflow = workflow;
        Name = name;
        Request = request;
        DependsOn = dependsOn;
        OnFailure = onFailure;
    }

    /// <summary>The workflow this task belongs to.</summary>
    public WorkflowBuilder Workflow { get; }
    /// <summary>The task's name, unique in its workflow (what dependents and <see cref="Job{TArgs}.GetOutput{T}(string)"/> name it by).</summary>
    public string Name { get; }
    /// <summary>The job: kind, serialized args and insert options.</summary>
    public JobInsertRequest Request { get; }
    /// <summary>The names of the tasks this one waits for.</summary>
    public IReadOnlyList<string> DependsOn { get; }
    /// <summary>What happens when a dependency fails.</summary>
    public WorkflowFailurePolicy OnFailure { get; }
}
