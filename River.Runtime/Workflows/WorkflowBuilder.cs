using River.Workflows;

namespace River;

/// <summary>
/// Builds a workflow: a set of typed jobs (tasks) with dependencies between them, inserted atomically by
/// <see cref="RiverClient.InsertWorkflowAsync(WorkflowBuilder, CancellationToken)"/>. A task with dependencies waits in
/// <see cref="JobState.Pending"/> until all of them have completed; it is released in the transaction that completes
/// the last one. Continuations are the small case: <see cref="Chain{TArgs}(TArgs, InsertOptions?)"/> then
/// <see cref="Then{TArgs}(TArgs, InsertOptions?)"/>.
/// </summary>
/// <remarks>
/// The graph is checked when inserted (<see cref="Validate"/>): task names unique and valid, every dependency names a
/// task of this workflow, no cycle (linear time in tasks plus dependencies). Nothing is written when a check fails.
/// </remarks>
public sealed class WorkflowBuilder
{
    private readonly List<WorkflowTask> _tasks = [];
    private int _chainStep;

    /// <summary>Starts a workflow.</summary>
    /// <param name="name">A name for people (1 to 200 characters); not unique.</param>
    /// <param name="id">The workflow's id (1 to 127 characters, unique); a new one (<c>wf_</c> and 32 hex digits) when null.</param>
    /// <exception cref="ArgumentException">The name or id is empty, too long or holds a NUL character.</exception>
    public WorkflowBuilder(string name, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        Check(WorkflowRules.ValidateName(name, "workflow name"));
        if (id is not null)
        {
            Check(WorkflowRules.ValidateId(id));
        }
        Name = name;
        Id = id ?? "wf_" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The workflow's id.</summary>
    public string Id { get; }
    /// <summary>The workflow's name.</summary>
    public string Name { get; }
    /// <summary>A JSON object stored with the workflow (default <c>{}</c>).</summary>
    public string? Metadata { get; set; }
    /// <summary>The tasks, in the order added.</summary>
    public IReadOnlyList<WorkflowTask> Tasks => _tasks;

    /// <summary>Adds a task that depends on the tasks named in <paramref name="dependsOn"/>.</summary>
    /// <exception cref="ArgumentException">The name is invalid or the args cannot be serialized.</exception>
    public WorkflowTask Add<TArgs>(string name, TArgs args, params string[] dependsOn) where TArgs : notnull
        => Add(name, args, new WorkflowTaskOptions { DependsOn = dependsOn });

    /// <summary>Adds a task with its dependencies, failure policy and insert options.</summary>
    /// <exception cref="ArgumentException">The name is invalid, a dependency handle belongs to another workflow, or the args cannot be serialized.</exception>
    public WorkflowTask Add<TArgs>(string name, TArgs args, WorkflowTaskOptions? options) where TArgs : notnull
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(args);
        Check(WorkflowRules.ValidateName(name, "task name"));
        var deps = new List<string>();
        if (options?.DependsOn is { } names)
        {
            foreach (var dep in names)
            {
                ArgumentNullException.ThrowIfNull(dep, nameof(options));
                deps.Add(dep);
            }
        }
        if (options?.After is { } handles)
        {
            foreach (var handle in handles)
            {
                ArgumentNullException.ThrowIfNull(handle, nameof(options));
                if (!ReferenceEquals(handle.Workflow, this))
                {
                    throw new ArgumentException(
                        $"Task '{name}' depends on task '{handle.Name}' of another workflow ('{handle.Workflow.Name}', id '{handle.Workflow.Id}'). "
                        + "A task can depend only on tasks of its own workflow: add the task to this workflow, or insert a follow-up workflow once the other finishes.",
                        nameof(options));
                }
                deps.Add(handle.Name);
            }
        }
        if (!Enum.IsDefined(options?.OnFailure ?? WorkflowFailurePolicy.Cancel))
        {
            throw new ArgumentException($"Task '{name}' has an unknown failure policy {(int)options!.OnFailure}; use a WorkflowFailurePolicy value.", nameof(options));
        }
        var task = new WorkflowTask(this, name, JobInsertRequest.Create(args, options?.InsertOptions), deps.Distinct(StringComparer.Ordinal).ToArray(),
            options?.OnFailure ?? WorkflowFailurePolicy.Cancel);
        _tasks.Add(task);
        return task;
    }

    /// <summary>Starts a chain of continuations: a workflow whose first task (named <c>step-1</c>) is <paramref name="first"/>.</summary>
    public static WorkflowBuilder Chain<TArgs>(TArgs first, InsertOptions? opts = null) where TArgs : notnull
    {
        var builder = new WorkflowBuilder("chain");
        builder.Then(first, opts);
        return builder;
    }

    /// <summary>
    /// Adds a continuation: a task (named <c>step-N</c>) that runs once the task added last has completed, and is
    /// cancelled if that one fails.
    /// </summary>
    public WorkflowBuilder Then<TArgs>(TArgs next, InsertOptions? opts = null) where TArgs : notnull
    {
        var previous = _tasks.Count == 0 ? null : _tasks[^1].Name;
        _chainStep++;
        var name = "step-" + _chainStep.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (_tasks.Exists(t => t.Name == name))
        {
            _chainStep++;
            name = "step-" + _chainStep.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        Add(name, next, new WorkflowTaskOptions { DependsOn = previous is null ? null : [previous], InsertOptions = opts });
        return this;
    }

    /// <summary>
    /// Checks the graph: at least one task, task names unique, every dependency names a task of this workflow and not
    /// the task itself, no cycle. Linear in the number of tasks plus dependencies.
    /// </summary>
    /// <exception cref="ArgumentException">The first problem found, naming the tasks involved and the fix.</exception>
    public void Validate() => Check(WorkflowGraph.Validate(this));

    private static void Check(string? error)
    {
        if (error is not null)
        {
            throw new ArgumentException(error);
        }
    }
}
