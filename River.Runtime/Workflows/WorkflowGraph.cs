namespace River.Workflows;

/// <summary>
/// Checks a workflow's graph before insert: tasks present, names unique, dependencies known and not on the task itself,
/// no cycle (Kahn's algorithm: O(tasks + dependencies)). Returns the first problem as a message naming the tasks and
/// the fix, or null.
/// </summary>
internal static class WorkflowGraph
{
    /// <summary>The most tasks one workflow may hold (one insert statement; the arrays stay well under PostgreSQL's limits).</summary>
    public const int MaxTasks = 100_000;

    public static string? Validate(WorkflowBuilder workflow)
    {
        var tasks = workflow.Tasks;
        if (tasks.Count == 0)
        {
            return $"Workflow '{workflow.Name}' has no task: add at least one with Add(name, args).";
        }
        if (tasks.Count > MaxTasks)
        {
            return $"Workflow '{workflow.Name}' has {tasks.Count} tasks; at most {MaxTasks} fit in one workflow. Split it into workflows that start one another.";
        }
        var index = new Dictionary<string, int>(tasks.Count, StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            if (!index.TryAdd(tasks[i].Name, i))
            {
                return $"Workflow '{workflow.Name}' has two tasks named '{tasks[i].Name}'; task names must be unique in a workflow (dependencies and outputs refer to tasks by name).";
            }
        }

        // in-degree = number of dependencies; dependents lists the reverse edges.
        var waiting = new int[tasks.Count];
        var dependents = new List<int>?[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            foreach (var dep in tasks[i].DependsOn)
            {
                if (!index.TryGetValue(dep, out var d))
                {
                    return $"Workflow '{workflow.Name}': " + WorkflowRules.UnknownDependency(tasks[i].Name, dep);
                }
                if (d == i)
                {
                    return $"Workflow '{workflow.Name}': " + WorkflowRules.SelfDependency(tasks[i].Name);
                }
                waiting[i]++;
                (dependents[d] ??= []).Add(i);
            }
        }

        var ready = new Queue<int>();
        for (var i = 0; i < tasks.Count; i++)
        {
            if (waiting[i] == 0)
            {
                ready.Enqueue(i);
            }
        }
        var done = 0;
        while (ready.TryDequeue(out var t))
        {
            done++;
            if (dependents[t] is { } next)
            {
                foreach (var n in next)
                {
                    if (--waiting[n] == 0)
                    {
                        ready.Enqueue(n);
                    }
                }
            }
        }
        if (done == tasks.Count)
        {
            return null;
        }
        return $"Workflow '{workflow.Name}' has a dependency cycle: {DescribeCycle(tasks, index, waiting)}. A workflow must be acyclic: remove one of these dependencies.";
    }

    /// <summary>One cycle among the tasks Kahn's pass left (each has a dependency left in the remainder), as "a → b → a".</summary>
    private static string DescribeCycle(IReadOnlyList<WorkflowTask> tasks, Dictionary<string, int> index, int[] waiting)
    {
        var start = Array.FindIndex(waiting, w => w > 0);
        var seenAt = new Dictionary<int, int>();
        var path = new List<int>();
        var current = start;
        while (!seenAt.ContainsKey(current))
        {
            seenAt[current] = path.Count;
            path.Add(current);
            // follow a dependency that is itself left over: every left-over task has one
            current = tasks[current].DependsOn.Select(d => index[d]).First(d => waiting[d] > 0);
        }
        var cycle = path.Skip(seenAt[current]).Select(i => "'" + tasks[i].Name + "'").ToList();
        cycle.Add("'" + tasks[current].Name + "'");
        cycle.Reverse(); // dependency order: each runs after the one before it
        return string.Join(" → ", cycle);
    }
}
