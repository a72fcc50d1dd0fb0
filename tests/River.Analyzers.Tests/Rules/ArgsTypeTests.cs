using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

public sealed class ArgsTypeTests
{
    [Fact]
    public async Task AbstractAndStaticClasses_AreNotUsable()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public abstract record [|A|](string To);
            [JobArgs("job.b")]
            public static class [|B|] { }
            """, "RIVER0012");

    [Fact]
    public async Task Struct_IsNotUsable()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public record struct [|A|](string To);
            """, "RIVER0012", allowedCompilerErrors: ["CS0592"]);

    [Fact]
    public async Task PrivateNestedType_IsNotUsable()
        => await AnalyzerVerifier.VerifyAsync("""
            public static class Outer
            {
                [JobArgs("job.a")]
                private sealed record [|A|](string To);
                [JobArgs("job.b")]
                internal sealed record B(string To);
            }
            """, "RIVER0012");

    [Fact]
    public async Task GenericType_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record [|A|]<T>(T Value);
            [JobArgs("job.b")]
            public sealed record B(List<string> Values);
            """, "RIVER0013");

    [Fact]
    public async Task NoPublicConstructor_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed class [|A|] { private A() { } public string To { get; set; } = ""; }
            """, "RIVER0014");

    [Fact]
    public async Task ConstructorParameterWithoutProperty_IsReported()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed class [|A|]
            {
                public A(string to, int retries) { To = to; }
                public string To { get; }
            }
            [JobArgs("job.b")]
            public sealed class [|B|]
            {
                public B(int to) { To = to.ToString(); }
                public string To { get; }
            }
            """, "RIVER0014");
        Assert.Contains("'retries'", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'to' is int", diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task UsableConstructors_AreNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed record A(string To, int Retries);
            [JobArgs("job.b")]
            public sealed class B { public string To { get; set; } = ""; }
            [JobArgs("job.c")]
            public sealed class C
            {
                public C(string to) { To = to; }
                internal C() { To = ""; }
                public string To { get; }
            }
            [JobArgs("job.d")]
            public sealed class D
            {
                private D() { To = ""; }
                [System.Text.Json.Serialization.JsonConstructor] public D(string TO) { To = TO; }
                public string To { get; }
            }
            """);
}
