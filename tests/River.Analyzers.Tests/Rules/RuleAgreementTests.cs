using System.Reflection;
using Microsoft.CodeAnalysis;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>
/// The generator, the analyzers and the runtime decide kinds and args types by one rule each (JobOptionRules,
/// ArgsTypeEligibility): on the same compilation a kind or type is reported exactly when the generator leaves it
/// out, and the runtime's own copy of the kind rule gives the same verdict.
/// </summary>
public sealed class RuleAgreementTests
{
    [Theory]
    [InlineData("email.send", true)]
    [InlineData("email+send", true)]          // was: accepted by the analyzers and the runtime, skipped by the generator
    [InlineData("mail\u00B7send", true)]      // '·' likewise
    [InlineData("Email.Send", true)]          // valid (RIVER0003 is only a warning)
    [InlineData("a/b:c[0]<t>-x_y", true)]
    [InlineData("x", false)]                  // was: generated (1 character), refused by the analyzers and the runtime
    [InlineData("-email", false)]
    [InlineData("email send", false)]
    [InlineData("email@send", false)]
    [InlineData("\u00E9mail", false)]
    public async Task A_kind_gets_one_verdict_from_the_generator_the_analyzers_and_the_runtime(string kind, bool valid)
    {
        var compilation = TestCompilation.Create([$$"""
            namespace N;
            [JobArgs("{{kind}}")]
            public sealed record A(string To);
            """]);
        var output = TestCompilation.RunGenerator(compilation);
        var generated = Registry(output).Contains("global::River.JobDefinition<global::N.A> A", StringComparison.Ordinal);
        var reported = (await TestCompilation.AnalyzeAsync(output)).Any(d => d.Id == "RIVER0001");
        var runtime = RuntimeKindRule(kind) is null;

        Assert.Equal(valid, runtime);
        Assert.Equal(valid, generated);
        Assert.Equal(!valid, reported);
    }

    [Theory]
    [InlineData("[JobArgs(\"n.a\")] public sealed record A(string To);", null)]
    [InlineData("[JobArgs(\"n.a\")] internal sealed class A { public string To { get; set; } = \"\"; }", null)]
    [InlineData("public static class Outer { [JobArgs(\"n.a\")] internal sealed record A(string To); }", null)]
    [InlineData("[JobArgs(\"n.a\")] file sealed record A(string To);", "RIVER0030")]
    [InlineData("file static class Outer { [JobArgs(\"n.a\")] public sealed record A(string To); }", "RIVER0030")]
    [InlineData("public static class Outer { [JobArgs(\"n.a\")] private sealed record A(string To); }", "RIVER0012")]
    [InlineData("[JobArgs(\"n.a\")] public abstract record A(string To);", "RIVER0012")]
    [InlineData("[JobArgs(\"n.a\")] public sealed record A<T>(T To);", "RIVER0013")]
    [InlineData("public static class Outer<T> { [JobArgs(\"n.a\")] public sealed record A(string To); }", "RIVER0013")]
    public async Task A_type_is_reported_exactly_when_the_generator_skips_it(string declaration, string? expected)
    {
        var compilation = TestCompilation.Create(["namespace N;\n" + declaration]);
        var output = TestCompilation.RunGenerator(compilation);

        // The generated files compile whatever the user's type is (a file-local type made them fail with CS0234).
        var generatedErrors = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
            .ToList();
        Assert.True(generatedErrors.Count == 0, string.Join(Environment.NewLine, generatedErrors));

        var generated = Registry(output).Contains("JobDefinition<global::N.", StringComparison.Ordinal);
        var reported = (await TestCompilation.AnalyzeAsync(output)).Where(d => d.Id is "RIVER0012" or "RIVER0013" or "RIVER0030").ToList();
        Assert.Equal(expected is null, generated);
        if (expected is null)
        {
            Assert.Empty(reported);
        }
        else
        {
            var diagnostic = Assert.Single(reported);
            Assert.Equal(expected, diagnostic.Id);
            Assert.Equal("A", diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        }
    }

    private static string Registry(Compilation output)
        => string.Concat(output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).Select(t => t.ToString()));

    /// <summary>The runtime's copy of the rule (River.Runtime's internal JobOptionRules, which inserts call).</summary>
    private static string? RuntimeKindRule(string kind)
    {
        var rules = typeof(RiverClient).Assembly.GetType("River.JobOptionRules", throwOnError: true)!;
        var validate = rules.GetMethod("ValidateKind", BindingFlags.Public | BindingFlags.Static)!;
        return (string?)validate.Invoke(null, [kind]);
    }
}
