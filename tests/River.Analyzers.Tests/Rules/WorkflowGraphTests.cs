using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0065 and RIVER0066 on workflows built from constants, each with twins that stay silent (a builder the analyzer cannot follow is left to the runtime).</summary>
public sealed class WorkflowGraphTests
{
    private const string Args = """
        [JobArgs("wf.step")]
        public sealed record Step(int N);

        """;

    private static string Method(string body) => Args + $$"""
        public static class Flows
        {
            private static void Extend(WorkflowBuilder w) => w.Add("a", new Step(1));

            public static async Task RunAsync(RiverClient client)
            {
                var w = new WorkflowBuilder("w");
                {{body}}
                await client.InsertWorkflowAsync(w);
            }
        }
        """;

    [Theory]
    [InlineData("""w.Add("a", new Step(1)); w.Add("b", new Step(2), "a", [|"c"|]);""")]
    [InlineData("""w.Add("a", new Step(1)); w.Add("b", new Step(2), new WorkflowTaskOptions { DependsOn = new[] { [|"x"|] } });""")]
    [InlineData("""w.Add("a", new Step(1)); w.Add("b", new Step(2), new WorkflowTaskOptions { DependsOn = [[|"x"|]], OnFailure = WorkflowFailurePolicy.Wait });""")]
    public async Task A_constant_dependency_that_names_no_task_is_reported(string body)
        => await AnalyzerVerifier.VerifyAsync(Method(body), "RIVER0065");

    [Theory]
    [InlineData("""w.Add("a", new Step(1), [|"a"|]);""")]
    [InlineData("""w.Add("b", new Step(2), new WorkflowTaskOptions { DependsOn = new[] { [|"b"|] } });""")]
    public async Task A_task_that_depends_on_itself_is_reported(string body)
        => await AnalyzerVerifier.VerifyAsync(Method(body), "RIVER0066");

    [Fact]
    public async Task The_messages_are_the_runtimes()
    {
        // The same mistakes as the runtime's WorkflowGraphTests (IntegrationTests), reported with the same words.
        var unknown = await AnalyzerVerifier.VerifyAsync(Method("""w.Add("a", new Step(1), [|"missing"|]);"""), "RIVER0065");
        Assert.Equal("Task 'a' depends on 'missing', which is not a task of this workflow. "
            + "Add a task with that name, or fix the name (dependencies on tasks of other workflows are not supported).", Assert.Single(unknown).GetMessage());
        var self = await AnalyzerVerifier.VerifyAsync(Method("""w.Add("a", new Step(1), [|"a"|]);"""), "RIVER0066");
        Assert.Equal("Task 'a' depends on itself; remove it from its own dependencies.", Assert.Single(self).GetMessage());
    }

    [Theory]
    // every name known: a dependency added later in the method counts too
    [InlineData("""w.Add("b", new Step(2), "a"); w.Add("a", new Step(1)); w.Metadata = "{}";""")]
    [InlineData("""var a = w.Add("a", new Step(1)); w.Add("b", new Step(2), new WorkflowTaskOptions { After = [a] });""")]
    // a computed task name: any dependency may name it
    [InlineData("""for (var i = 0; i < 3; i++) { w.Add("t" + i, new Step(i)); } w.Add("sink", new Step(9), "t0", "t7");""")]
    // the builder escapes: another method may add the task
    [InlineData("""w.Add("b", new Step(2), "a"); Extend(w);""")]
    // continuations name their steps step-N
    [InlineData("""w.Then(new Step(1)); w.Add("b", new Step(2), "step-1");""")]
    public async Task Workflows_the_analyzer_cannot_prove_wrong_are_silent(string body)
        => await AnalyzerVerifier.VerifyAsync(Method(body));
}
