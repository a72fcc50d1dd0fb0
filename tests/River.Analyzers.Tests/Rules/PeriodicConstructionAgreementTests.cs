using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using River.Analyzers.Periodic;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>
/// RIVER0027 and the generator share one rule for "new T() compiles": on the same compilation the analyzer reports
/// a [PeriodicJob] type exactly when the generator leaves its registration out, and both agree with the compiler
/// itself, asked to bind <c>new global::N.A()</c> in a separate file of the same assembly.
/// </summary>
public sealed class PeriodicConstructionAgreementTests
{
    [Theory]
    // (a) no constructor callable without arguments
    [InlineData("public sealed record A(int X);", false)]
    [InlineData("public sealed class A { public A(int x) { X = x; } internal A(long x, string note = \"\") { } private A(string s = \"\") { } public int X { get; } }", false)]
    [InlineData("public sealed class A { [JsonConstructor] public A(int x) { X = x; } public A(ref int x, int y = 0) { X = x; } public int X { get; } }", false)]
    [InlineData("public sealed record A(int X = 1);", true)]
    [InlineData("public class A { protected internal A() { } [JsonConstructor] public A(int x) { X = x; } public int X { get; set; } }", true)]
    [InlineData("public sealed class A { [JsonConstructor] public A(params int[] xs) { Xs = xs; } public int[] Xs { get; } }", true)]
    [InlineData("public sealed class A { public A([Optional] int x) { X = x; } public int X { get; } }", true)]
    [InlineData("public sealed class A { [JsonConstructor] public A(int x) { X = x; } public A(in long y = 0) { } public int X { get; } }", true)]
    // (b) two or more callable, none preferred
    [InlineData("public sealed class A { [JsonConstructor] public A(int x = 0) { X = x; } public A(string s = \"\") { } public int X { get; } }", false)]
    [InlineData("public sealed class A { [JsonConstructor] public A(int x = 0) { X = x; } public A(int x = 0, int y = 0) { } public int X { get; } }", false)]
    [InlineData("public sealed class A { [JsonConstructor] public A(int x = 0) { X = x; } public A(in long x = 0) { } public int X { get; } }", false)]
    [InlineData("public sealed class A { [JsonConstructor] public A(params int[] xs) { Xs = xs; } public A(params long[] ys) { Xs = []; } public int[] Xs { get; } }", false)]
    [InlineData("public sealed class A { [JsonConstructor] public A(int x = 0, params int[] xs) { X = x; Xs = xs; } public A(int x = 0, int y = 0, params long[] ys) { Xs = []; } public int X { get; } public int[] Xs { get; } }", false)]
    [InlineData("public sealed class A { public A() { } public A(int x = 0) { } public int X { get; set; } }", true)]
    [InlineData("public sealed class A { public A() { } public A(params int[] xs) { } public int X { get; set; } }", true)]
    [InlineData("public sealed class A { [JsonConstructor] public A(int x = 0) { X = x; } public A(params int[] xs) { } public int X { get; } }", true)]
    [InlineData("public sealed class A { [JsonConstructor] public A(params int[] xs) { Xs = xs; } public A(int x = 0, params long[] ys) { Xs = []; } public int[] Xs { get; } }", true)]
    [InlineData("public sealed class A { [JsonConstructor] public A(int x = 0) { X = x; } private A(string s = \"\") { } public int X { get; } }", true)]
    // (c) the picked constructor is an error to call
    [InlineData("public sealed class A { [Obsolete(\"gone\", true)] public A() { } [JsonConstructor] public A(int x = 0) { X = x; } public int X { get; } }", false)]
    [InlineData("public sealed class A { [Experimental(\"RIVERTEST01\")] public A() { } [JsonConstructor] public A(int x) { X = x; } public int X { get; } }", false)]
    [InlineData("public sealed class A { public A() { } [Obsolete(\"gone\", true)] public A(int x = 0) { } public int X { get; set; } }", true)]
    [InlineData("public sealed class A { [Obsolete(\"old\")] public A() { } public int X { get; set; } }", true)]
    // (d) required members and the picked constructor is not [SetsRequiredMembers]
    [InlineData("public sealed class A { public required int X { get; init; } }", false)]
    [InlineData("public sealed class A : Base { } public class Base { public required string Name { get; init; } }", false)]
    [InlineData("public sealed class A { public A() { } [SetsRequiredMembers] public A(int x = 0) { X = x; } public required int X { get; init; } }", false)]
    [InlineData("public sealed class A { [SetsRequiredMembers] public A() { X = 1; } public A(int x = 0) { } public required int X { get; init; } }", true)]
    [InlineData("public sealed class A : Base { [SetsRequiredMembers] public A() { Name = \"a\"; } } public class Base { public required string Name { get; init; } }", true)]
    public async Task River0027_is_reported_exactly_when_the_generator_skips_the_type_and_the_compiler_rejects_new_T(string declaration, bool constructible)
    {
        const string header = """
            using System.Diagnostics.CodeAnalysis;
            using System.Runtime.InteropServices;
            using System.Text.Json.Serialization;
            namespace N;
            [JobArgs("n.a"), PeriodicJob("@hourly")]

            """;
        var compilation = TestCompilation.Create([header + declaration]);

        // The compiler's own answer, from a file of the same assembly outside the type.
        var probe = CSharpSyntaxTree.ParseText("internal static class Probe { internal static object Create() => new global::N.A(); }", TestCompilation.ParseOptions, path: "/src/Probe.cs");
        var probeErrors = compilation.AddSyntaxTrees(probe).GetSemanticModel(probe).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        var output = TestCompilation.RunGenerator(compilation);
        var registry = output.SyntaxTrees.Select(t => t.ToString()).Single(t => t.Contains("CreatePeriodicJobs()", StringComparison.Ordinal));
        Assert.Contains("global::River.JobDefinition<global::N.A> A { get; }", registry, StringComparison.Ordinal); // a valid args type: only the periodic part is in question
        var registered = registry.Contains("static () => new global::N.A()", StringComparison.Ordinal);

        var diagnostics = await TestCompilation.AnalyzeAsync(output, [new PeriodicJobAnalyzer()]);
        var reported = diagnostics.Where(d => d.Id == "RIVER0027").ToList();

        Assert.True(constructible == (probeErrors.Count == 0), "compiler: " + string.Join("; ", probeErrors));
        Assert.Equal(constructible, registered);
        Assert.Equal(!constructible, reported.Count == 1);
    }
}
