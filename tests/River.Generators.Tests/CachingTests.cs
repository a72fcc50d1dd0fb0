using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using River.Generators.Tests.Infrastructure;

namespace River.Generators.Tests;

/// <summary>Every tracked step caches across unchanged and unrelatedly edited compilations, and holds only plain models.</summary>
public sealed class CachingTests
{
    private static readonly string[] TrackedSteps =
    [
        RiverGenerator.Steps.JobArgs, RiverGenerator.Steps.Workers, RiverGenerator.Steps.Assembly, RiverGenerator.Steps.Collected,
    ];

    private const string Unrelated = """
        namespace Shop.Other;

        public static class Helper
        {
            public static int Twice(int x) => x * 2;
        }
        """;

    [Fact]
    public void Rerun_on_the_same_compilation_is_fully_cached()
    {
        var compilation = GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs, Unrelated);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.Clone());
        AssertCached(driver.GetRunResult());
    }

    [Fact]
    public void Unrelated_edit_keeps_every_step_cached()
    {
        var compilation = GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs, Unrelated);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        var newTree = CSharpSyntaxTree.ParseText(Unrelated.Replace("x * 2", "x + x", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Source1.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        AssertCached(driver.GetRunResult());
    }

    [Fact]
    public void Editing_a_job_type_regenerates()
    {
        var compilation = GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs, Unrelated);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var newTree = CSharpSyntaxTree.ParseText(TestSources.Jobs.Replace("\"email.send\"", "\"email.deliver\"", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Source0.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var steps = driver.GetRunResult().Results.Single().TrackedSteps[RiverGenerator.Steps.JobArgs];
        Assert.Contains(steps.SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("email.deliver", driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith("Registry.g.cs", StringComparison.Ordinal)).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_periodic_schedule_regenerates_only_the_registry_input_of_that_type()
    {
        var compilation = GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs, Unrelated);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var newTree = CSharpSyntaxTree.ParseText(TestSources.Jobs.Replace("\"@every 15m\"", "\"@every 20m\"", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Source0.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var result = driver.GetRunResult().Results.Single();

        var jobArgs = result.TrackedSteps[RiverGenerator.Steps.JobArgs].SelectMany(s => s.Outputs).ToList();
        Assert.Single(jobArgs, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(jobArgs, o => o.Reason == IncrementalStepRunReason.Modified && o.Value.ToString()!.Contains("WarmCache", StringComparison.Ordinal));
        Assert.All(result.TrackedSteps[RiverGenerator.Steps.Workers].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        var registry = result.GeneratedSources.Single(s => s.HintName.EndsWith("Registry.g.cs", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("new global::River.PeriodicJobAttribute(\"@every 20m\") { RunOnStart = true }", registry, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_periodic_attribute_regenerates_and_an_identical_rerun_stays_cached()
    {
        const string plain = """
            using River;
            namespace N;
            [JobArgs("n.tick")] public sealed record Tick;
            public sealed class TickWorker : Worker<Tick>
            {
                public override System.Threading.Tasks.Task WorkAsync(Job<Tick> job, System.Threading.CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
            }
            """;
        var compilation = GeneratorHarness.Compile("N", OutputKind.DynamicallyLinkedLibrary, null, plain, Unrelated);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var periodic = compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(plain.Replace("public sealed record", "[PeriodicJob(\"@hourly\")] public sealed record", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Source0.cs"));
        driver = driver.RunGenerators(periodic);
        Assert.Contains("FromAttribute(Tick,", driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "NJobRegistry.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        driver = driver.RunGenerators(periodic.Clone());
        AssertCached(driver.GetRunResult());
    }

    [Fact]
    public void Editing_a_nested_type_in_another_file_regenerates_its_serializer()
    {
        const string args = """
            using River;
            namespace N;
            [JobArgs("n.args")]
            public sealed record Args(Inner Inner);
            """;
        const string inner = "namespace N; public sealed record Inner(int A);";
        var compilation = GeneratorHarness.Compile("N", OutputKind.DynamicallyLinkedLibrary, null, args, inner);
        var driver = GeneratorHarness.Driver(track: true).RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        var newTree = CSharpSyntaxTree.ParseText("namespace N; public sealed record Inner(int A, string AddedLater);", GeneratorHarness.ParseOptions, path: "Source1.cs");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var json = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "NJobJson.g.cs").SourceText.ToString();
        Assert.Contains("added_later", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_outputs_hold_no_symbols_syntax_or_compilations()
    {
        var compilation = GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs, TestSources.Fallback);
        var result = GeneratorHarness.Driver(track: true).RunGenerators(compilation).GetRunResult().Results.Single();
        var visited = 0;
        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertPlain(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), ref visited);
                }
            }
        }
        Assert.True(visited > 50, $"only {visited} objects walked: the walk did not see the models");
    }

    private static void AssertCached(GeneratorDriverRunResult run)
    {
        var result = run.Results.Single();
        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            Assert.NotEmpty(result.TrackedSteps[name].SelectMany(s => s.Outputs));
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} output was {reason}");
                }
            }
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    /// <summary>Walks fields recursively: nothing reachable may be a Roslyn symbol, node or compilation.</summary>
    private static void AssertPlain(object? value, string step, HashSet<object> seen, ref int visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }
        Assert.False(value is ISymbol, $"{step} holds a symbol: {value}");
        Assert.False(value is SyntaxNode, $"{step} holds a syntax node");
        Assert.False(value is Compilation, $"{step} holds a compilation");
        Assert.False(value is SemanticModel, $"{step} holds a semantic model");
        Assert.False(value is SyntaxTree, $"{step} holds a syntax tree");
        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }
        visited++;
        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence)
            {
                AssertPlain(item, step, seen, ref visited);
            }
        }
        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                AssertPlain(field.GetValue(value), step, seen, ref visited);
            }
        }
    }
}
