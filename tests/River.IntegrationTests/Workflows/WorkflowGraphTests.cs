namespace River.IntegrationTests.Workflows;

/// <summary>The graph checks of <see cref="WorkflowBuilder.Validate"/> (no database).</summary>
public sealed class WorkflowGraphTests
{
    public WorkflowGraphTests() => WorkflowDefs.EnsureRegistered();

    private static ArgumentException Refused(WorkflowBuilder wf) => Assert.Throws<ArgumentException>(wf.Validate);

    [Fact]
    public void A_cycle_is_named_in_dependency_order()
    {
        var wf = new WorkflowBuilder("w");
        wf.Add("root", new StepArgs("root"));
        wf.Add("a", new StepArgs("a"), "root", "c");
        wf.Add("b", new StepArgs("b"), "a");
        wf.Add("c", new StepArgs("c"), "b");
        var error = Refused(wf);
        Assert.Contains("dependency cycle", error.Message);
        Assert.Contains("'a' → 'b' → 'c' → 'a'", error.Message);
        Assert.DoesNotContain("'root'", error.Message);
    }

    [Fact]
    public void Unknown_self_and_duplicate_names_and_an_empty_workflow_are_refused()
    {
        var unknown = new WorkflowBuilder("w");
        unknown.Add("a", new StepArgs("a"), "missing");
        // The words of WorkflowRules, which the analyzers report for the same mistake at build time (Analyzers.Tests WorkflowGraphTests).
        Assert.Equal("Workflow 'w': Task 'a' depends on 'missing', which is not a task of this workflow. "
            + "Add a task with that name, or fix the name (dependencies on tasks of other workflows are not supported).", Refused(unknown).Message);

        var self = new WorkflowBuilder("w");
        self.Add("a", new StepArgs("a"), "a");
        Assert.Equal("Workflow 'w': Task 'a' depends on itself; remove it from its own dependencies.", Refused(self).Message);

        var duplicate = new WorkflowBuilder("w");
        duplicate.Add("a", new StepArgs("a"));
        duplicate.Add("a", new StepArgs("a"));
        Assert.Contains("two tasks named 'a'", Refused(duplicate).Message);

        Assert.Contains("has no task", Refused(new WorkflowBuilder("w")).Message);
        Assert.Throws<ArgumentException>(() => new WorkflowBuilder(""));
        Assert.Throws<ArgumentException>(() => new WorkflowBuilder("w", new string('x', 128)));
        Assert.Throws<ArgumentException>(() => new WorkflowBuilder("w").Add("bad\0name", new StepArgs("a")));
    }

    [Fact]
    public void A_dependency_on_another_workflows_task_is_refused_when_added()
    {
        var other = new WorkflowBuilder("other");
        var foreign = other.Add("x", new StepArgs("x"));
        var wf = new WorkflowBuilder("mine");
        var error = Assert.Throws<ArgumentException>(() => wf.Add("a", new StepArgs("a"), new WorkflowTaskOptions { After = [foreign] }));
        Assert.Contains("depends on task 'x' of another workflow ('other'", error.Message);
    }

    [Fact]
    public void A_long_chain_and_a_wide_fan_in_validate_in_linear_time()
    {
        // 100,000 tasks in a chain (a recursive check would overflow the stack) and a 50,000-wide fan-in.
        var chain = new WorkflowBuilder("chain");
        chain.Add("t0", new StepArgs("t"));
        for (var i = 1; i < 100_000; i++)
        {
            chain.Add("t" + i, new StepArgs("t"), "t" + (i - 1));
        }
        chain.Validate();

        var fan = new WorkflowBuilder("fan");
        var names = new string[50_000];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = "r" + i;
            fan.Add(names[i], new StepArgs("r"));
        }
        fan.Add("sink", new StepArgs("sink"), names);
        fan.Validate();

        // A cycle closing a long chain is found and described without recursion too.
        var closed = new WorkflowBuilder("closed");
        closed.Add("t0", new StepArgs("t"), "t49999");
        for (var i = 1; i < 50_000; i++)
        {
            closed.Add("t" + i, new StepArgs("t"), "t" + (i - 1));
        }
        Assert.Contains("dependency cycle", Refused(closed).Message);
    }
}
