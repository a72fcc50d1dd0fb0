namespace River.Cli.Bench;

/// <summary>
/// The workflows of <c>river bench --workflow N</c>: a fan-out/fan-in of N no-op tasks each — a root, N − 2 tasks that
/// depend on it, and a sink that depends on all of them (N = 2: a root and its continuation). Every task but the root
/// is released once, by the completer of its last dependency; the sink's release is a fan-in of N − 2.
/// </summary>
internal static class BenchWorkflowShape
{
    /// <summary>The smallest workflow of the bench (a root and one dependent).</summary>
    public const int MinTasks = 2;

    /// <summary>The largest workflow of the bench.</summary>
    public const int MaxTasks = 10_000;

    /// <summary>Workflow <paramref name="index"/> of <paramref name="size"/> tasks.</summary>
    public static WorkflowBuilder Build(long index, int size)
    {
        var workflow = new WorkflowBuilder("bench", "bench_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var root = workflow.Add("root", new BenchJob(-1));
        if (size == MinTasks)
        {
            workflow.Add("sink", new BenchJob(-1), new WorkflowTaskOptions { After = [root] });
            return workflow;
        }
        var middle = new WorkflowTask[size - 2];
        for (var i = 0; i < middle.Length; i++)
        {
            middle[i] = workflow.Add("t" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), new BenchJob(-1), new WorkflowTaskOptions { After = [root] });
        }
        workflow.Add("sink", new BenchJob(-1), new WorkflowTaskOptions { After = middle });
        return workflow;
    }

    /// <summary>
    /// How many job ids the completer reports for <paramref name="workflows"/> workflows of <paramref name="size"/>
    /// tasks: each task's outcome, and each release of a task (every task but the roots) in the write that released it.
    /// </summary>
    public static long ReportedIds(long workflows, int size) => workflows * size + workflows * (size - 1L);
}
