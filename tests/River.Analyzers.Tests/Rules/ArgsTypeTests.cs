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

    [Fact]
    public async Task SeveralPublicConstructorsWithoutAMarkedOne_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a")]
            public sealed class [|A|]
            {
                public A(string to) { To = to; }
                public A(string to, int count) { To = to; Count = count; }
                public string To { get; }
                public int Count { get; }
            }
            """, "RIVER0014");

    [Fact]
    public async Task ConstructorProblems_AreLeftToANamedContext()
        => await AnalyzerVerifier.VerifyAsync("""
            using System.Text.Json.Serialization;
            [JsonSerializable(typeof(A))]
            public abstract class Ctx : JsonSerializerContext
            {
                protected Ctx() : base(null) { }
                public static Ctx Default { get; } = null!;
            }
            [JobArgs("job.a", JsonContext = typeof(Ctx))]
            public sealed class A { private A() { } public string To { get; set; } = ""; }
            """);

    [Fact]
    public async Task SystemTextJsonFeaturesTheGeneratedCodeDoesNotReproduce_AreReportedOnTheType()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            using System.Text.Json;
            using System.Text.Json.Serialization;
            [JobArgs("job.a")]
            public sealed class [|A|]
            {
                public string To { get; set; } = "";
                [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
            }
            [JobArgs("job.b")]
            public sealed class [|B|]
            {
                [JsonInclude] private int _count;
                public string To { get; set; } = "";
            }
            [JobArgs("job.c")]
            [JsonPolymorphic]
            public sealed class [|C|]
            {
                public string To { get; set; } = "";
            }
            [JobArgs("job.d")]
            public sealed class D
            {
                [JsonPropertyName("to")] public string To { get; set; } = "";
                [JsonIgnore] public int Ignored { get; set; }
            }
            """, "RIVER0022");
        Assert.Contains("'Extra'", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("'_count'", diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
