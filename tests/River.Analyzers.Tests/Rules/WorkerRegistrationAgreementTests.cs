using River.Analyzers.Tests.Infrastructure;
using River.Analyzers.Workers;

namespace River.Analyzers.Tests.Rules;

/// <summary>
/// RIVER0031/RIVER0032/RIVER0038 and the generator share one rule (WorkerRegistration): on the same compilation the analyzer
/// reports the worker of kind "n.a" exactly when the generated registration has no worker for it.
/// </summary>
public sealed class WorkerRegistrationAgreementTests
{
    private const string Work = "public override Task WorkAsync(Job<A> job, CancellationToken ct) => Task.CompletedTask;";

    [Theory]
    [InlineData("public sealed class W : Worker<A> { " + Work + " }", true)]
    [InlineData("public sealed class W : Worker<A> { public W(IMailer m) { } " + Work + " }", true)]
    [InlineData("public sealed class W : Worker<A> { public W() { } public W(IMailer m) { } " + Work + " }", false)]
    [InlineData("public sealed class W : Worker<A> { public W() { } [ActivatorUtilitiesConstructor] public W(IMailer m) { } " + Work + " }", true)]
    [InlineData("public sealed class W : Worker<A> { [ActivatorUtilitiesConstructor] public W() { } [ActivatorUtilitiesConstructor] public W(IMailer m) { } " + Work + " }", false)]
    [InlineData("public sealed class W : Worker<A> { private W() { } " + Work + " }", false)]
    [InlineData("public sealed class W : Worker<A> { internal W() { } " + Work + " }", false)]
    [InlineData("public sealed class W : Worker<A> { public W() { } private W(IMailer m) { } " + Work + " }", true)]
    [InlineData("public sealed class W : Worker<A> { public W(ref int x) { } " + Work + " }", false)]
    [InlineData("public sealed class W : Worker<A> { public W(out int x) { x = 0; } " + Work + " }", false)]
    [InlineData("public sealed class W : Worker<A> { public W([FromKeyedServices(\"k\")] IMailer m) { } " + Work + " }", true)]
    [InlineData("public sealed class W : Worker<A> { public W([FromKeyedServices(null!)] IMailer m) { } " + Work + " }", false)]
    [InlineData("public static class Outer { private sealed class W : Worker<A> { " + Work + " } }", false)]
    [InlineData("public class Outer { protected sealed class W : Worker<A> { " + Work + " } }", false)]
    [InlineData("public static class Outer { internal sealed class W : Worker<A> { " + Work + " } }", true)]
    [InlineData("internal sealed class W : Worker<A> { " + Work + " }", true)]
    [InlineData("public abstract class W : Worker<A> { }", false)]
    [InlineData("public abstract class W : Worker<A> { } public sealed class X : W { " + Work + " }", true)]
    [InlineData("public class W<T> : Worker<A> { " + Work + " }", false)]
    [InlineData("public class W<T> : Worker<A> { " + Work + " } public sealed class X : W<int> { }", true)]
    [InlineData("public abstract class B<T> : Worker<T> where T : notnull { } public sealed class X : B<A> { " + Work + " }", true)]
    [InlineData("public class Outer<T> { public sealed class W : Worker<A> { " + Work + " } }", false)]
    [InlineData("file sealed class W : Worker<A> { " + Work + " }", false)]
    [InlineData("file static class Outer { internal sealed class W : Worker<A> { " + Work + " } }", false)]
    public async Task River0031_0032_or_0038_is_reported_exactly_when_the_generator_registers_no_worker(string declaration, bool registered)
    {
        const string header = """
            using Microsoft.Extensions.DependencyInjection;
            namespace N;
            public interface IMailer { }
            [JobArgs("n.a")]
            public sealed record A(string To);

            """;
        var compilation = TestCompilation.Create([header + declaration]);
        var output = TestCompilation.RunGenerator(compilation);
        var registry = output.SyntaxTrees.Select(t => t.ToString()).Single(t => t.Contains("global::River.JobDefinition<global::N.A> A { get; }", StringComparison.Ordinal));
        var generated = registry.Contains("builder.AddWorker(", StringComparison.Ordinal);

        var diagnostics = await TestCompilation.AnalyzeAsync(output, [new JobCatalogAnalyzer()]);
        var reported = diagnostics.Where(d => d.Id is "RIVER0031" or "RIVER0032" or "RIVER0038").ToList();

        Assert.Equal(registered, generated);
        Assert.True(registered == (reported.Count == 0), string.Join("; ", reported));
        Assert.True(reported.Count <= 1, string.Join("; ", reported));
    }
}
