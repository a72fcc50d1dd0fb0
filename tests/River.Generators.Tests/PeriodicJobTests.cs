using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using River.Generators.Parsing;
using River.Generators.Tests.Infrastructure;

namespace River.Generators.Tests;

/// <summary>[PeriodicJob] on [JobArgs] types: which shapes are registered, how the attribute is re-emitted, composition.</summary>
public sealed class PeriodicJobTests
{
    private static (Compilation Output, string Registry) Generate(string declarations, string assembly = "Periodic")
    {
        var source = "using System;\nusing System.Diagnostics.CodeAnalysis;\nusing System.Text.Json.Serialization;\nusing River;\nnamespace N;\n" + declarations;
        var (output, sources, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile(assembly, OutputKind.DynamicallyLinkedLibrary, null, source));
        Assert.Empty(diagnostics);
        return (output, sources[assembly + "JobRegistry.g.cs"]);
    }

    private static void AssertCompiles(Compilation output)
    {
        var problems = GeneratorHarness.Problems(output);
        Assert.True(problems.Count == 0, GeneratorHarness.Format(problems));
    }

    [Theory]
    [InlineData("""public sealed record A;""")]
    [InlineData("""public sealed record A(int X = 1, string? Y = null);""")]
    [InlineData("""public sealed class A { public int X { get; set; } }""")]
    [InlineData("""public sealed class A { internal A() { } [System.Text.Json.Serialization.JsonConstructor] public A(int x) { X = x; } public int X { get; } }""")]
    [InlineData("""public sealed class A { public A() { } public A(int x) { } }""")]
    [InlineData("""public sealed class A { public A(params int[] xs) { Xs = xs; } public int[] Xs { get; } }""")]
    [InlineData("""public sealed class A { public A() { } public A(int x = 0) { } }""")]
    [InlineData("""public sealed class A { [SetsRequiredMembers] public A() { X = 1; } public required int X { get; init; } }""")]
    [InlineData("""public sealed class A { [Obsolete("old")] public A() { } }""")]
    [InlineData("""internal sealed record A;""")]
    // The positive twins of the skipped shapes below: C# picks one constructor, and that one is fine.
    [InlineData("""public sealed class A { [JsonConstructor] public A(int x = 0) { X = x; } public A(params int[] xs) { } public int X { get; } }""")]
    [InlineData("""public sealed class A { [JsonConstructor] public A(params string[] xs) { Xs = xs; } public A(int a = 0, params int[] xs) { Xs = []; } public string[] Xs { get; } }""")]
    [InlineData("""public sealed class A { public A() { } [Obsolete("gone", true)] public A(string s = "") { } }""")]
    [InlineData("""public sealed class A { [SetsRequiredMembers] public A() { X = 1; } public A(int x = 0) { } public required int X { get; init; } }""")]
    public void Types_that_new_T_can_build_are_registered(string declaration)
    {
        var (output, registry) = Generate("[JobArgs(\"n.a\")]\n[PeriodicJob(\"@every 1h\")]\n" + declaration);
        Assert.Contains("global::River.PeriodicJob.FromAttribute(A, new global::River.PeriodicJobAttribute(\"@every 1h\"), static () => new global::N.A()),", registry, StringComparison.Ordinal);
        Assert.Contains("builder.AddPeriodicJob(periodicJob);", registry, StringComparison.Ordinal);
        AssertCompiles(output);
    }

    [Theory] // every case is a valid args shape (it gets a definition): only the periodic registration is left out
    [InlineData("""public sealed record A(int X);""")]
    [InlineData("""public sealed class A { private A() { } [JsonConstructor] public A(int x) { X = x; } public int X { get; } }""")]
    [InlineData("""public sealed class A { public A(int x) { X = x; } public int X { get; } }""")]
    [InlineData("""public sealed class A { public required int X { get; init; } }""")]
    [InlineData("""public sealed class A { [JsonConstructor] public A(int x = 0) { X = x; } public A(string y = "") { } public int X { get; } }""")]
    [InlineData("""public sealed class A { [Obsolete("gone", true)] public A() { } [JsonConstructor] public A(int x) { X = x; } public int X { get; } }""")]
    // (b) ambiguous: two constructors callable without arguments, neither parameterless.
    [InlineData("""public sealed class A { [JsonConstructor] public A(params int[] xs) { Xs = xs; } public A(params long[] ys) { Xs = []; } public int[] Xs { get; } }""")]
    [InlineData("""public sealed class A { [JsonConstructor] public A(int x = 0, params int[] xs) { X = x; Xs = xs; } public A(int x = 0, int b = 0, params long[] ys) { Xs = []; } public int X { get; } public int[] Xs { get; } }""")]
    // (c) the picked constructor is an error to call, though another one alone would do.
    [InlineData("""public sealed class A { [Obsolete("gone", true)] public A() { } [JsonConstructor] public A(int x = 0) { X = x; } public int X { get; } }""")]
    [InlineData("""public sealed class A { [Experimental("RIVERTEST01")] public A() { } [JsonConstructor] public A(int x) { X = x; } public int X { get; } }""")]
    // (d) a [SetsRequiredMembers] constructor that C# does not pick does not count.
    [InlineData("""public sealed class A { public A() { } [SetsRequiredMembers] public A(int x = 0) { X = x; } public required int X { get; init; } }""")]
    public void Types_that_new_T_cannot_build_are_skipped(string declaration)
    {
        var (output, registry) = Generate("[JobArgs(\"n.a\")]\n[PeriodicJob(\"@every 1h\")]\n" + declaration);
        Assert.Contains("public static global::River.JobDefinition<global::N.A> A { get; }", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("FromAttribute", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("AddPeriodicJob(", registry, StringComparison.Ordinal);
        Assert.Contains("CreatePeriodicJobs() => global::System.Array.Empty<global::River.PeriodicJob>();", registry, StringComparison.Ordinal);
        // Only the user's own code may be in error (an obsolete-as-error constructor is never called by generated code).
        var generated = GeneratorHarness.Problems(output).Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).ToList();
        Assert.True(generated.Count == 0, GeneratorHarness.Format(generated));
    }

    [Theory]
    [InlineData("public class Base { public required string Name { get; init; } } public sealed class A : Base { }", "RequiredMembersNotSet")]
    [InlineData("public class Base { public required string Name { get; init; } } public sealed class A : Base { [SetsRequiredMembers] public A() { Name = \"x\"; } }", "None")]
    [InlineData("public sealed class A { public required int X; }", "RequiredMembersNotSet")]
    [InlineData("public sealed class A { public A() { } [SetsRequiredMembers] public A(int x = 0) { } public required int X; }", "RequiredMembersNotSet")]
    [InlineData("public sealed class A { [SetsRequiredMembers] public A() { } public A(int x = 0) { } public required int X; }", "None")]
    [InlineData("public abstract class A { }", "NotAConcreteClass")]
    [InlineData("public struct A { }", "NotAConcreteClass")]
    [InlineData("public sealed class A { protected internal A() { } }", "None")]
    [InlineData("public sealed class A { protected A() { } }", "NoCallableConstructor")]
    [InlineData("public sealed class A { private protected A() { } }", "NoCallableConstructor")]
    [InlineData("public sealed class A { public A(ref int x) { } }", "NoCallableConstructor")]
    [InlineData("public sealed class A { public A(__arglist) { } }", "NoCallableConstructor")]
    [InlineData("public sealed class A { public A([System.Runtime.InteropServices.Optional] int x) { } }", "None")]
    [InlineData("public sealed class A { public A(in int x = 0) { } }", "None")]
    [InlineData("public sealed class A { public A(int x = 0) { } public A(in long x = 0) { } }", "Ambiguous")]
    [InlineData("public sealed class A { public A(int x = 0) { } public A(int x = 0, int y = 0) { } }", "Ambiguous")]
    [InlineData("public sealed class A { public A(int x = 0) { } public A(params int[] xs) { } }", "None")]
    [InlineData("public sealed class A { public A(params int[] xs) { } public A(int a = 0, params int[] xs) { } }", "None")]
    [InlineData("public sealed class A { [Obsolete(\"x\", true)] public A(params int[] xs) { } public A(int a = 0, params int[] xs) { } }", "ConstructorIsError")]
    [InlineData("public sealed class A { [Obsolete(\"x\", false)] public A() { } }", "None")]
    [InlineData("public sealed class A { [Obsolete(\"x\", true)] private A() { } public A(int x = 0) { } }", "None")]
    public void Constructibility_follows_the_CSharp_rules_for_new_T(string declaration, string expected)
    {
        var compilation = GeneratorHarness.Compile("Shapes", OutputKind.DynamicallyLinkedLibrary, null, "using System;\nusing System.Diagnostics.CodeAnalysis;\nnamespace N;\n" + declaration);
        Assert.Equal(expected, DefaultConstruction.Check(compilation.GetTypeByMetadataName("N.A")!, compilation).Problem.ToString());
    }

    [Theory] // C# 13 rules the test compiler (C# 12) does not know: decided as the compilers of .NET 9 and later decide them
    [InlineData("public sealed class A { public A(params int[] xs) { } public A(params ReadOnlySpan<int> xs) { } }", "None", "A(params ReadOnlySpan<int> xs)")]
    [InlineData("public sealed class A { public A(params int[] xs) { } public A(params IEnumerable<int> xs) { } }", "None", "A(params int[] xs)")]
    [InlineData("public sealed class A { public A(params Span<int> xs) { } public A(params ReadOnlySpan<int> xs) { } }", "None", "A(params ReadOnlySpan<int> xs)")]
    [InlineData("public sealed class A { public A(params int[] xs) { } public A(params List<int> xs) { } }", "Ambiguous", "A(params int[] xs)")]
    [InlineData("public sealed class A { public A(params int[] xs) { } public A(int a = 0, params ReadOnlySpan<int> xs) { } }", "None", "A(params int[] xs)")]
    // A span beats an array only for the same element type; a convertible one ties (CS0121).
    [InlineData("public sealed class A { public A(params ReadOnlySpan<long> xs) { } public A(params int[] ys) { } }", "Ambiguous", "A(params ReadOnlySpan<long> xs)")]
    [InlineData("public sealed class A { public A(params ReadOnlySpan<string> xs) { } public A(params object[] ys) { } }", "Ambiguous", "A(params ReadOnlySpan<string> xs)")]
    [InlineData("public sealed class A { public A(params ReadOnlySpan<int> xs) { } public A(params Span<long> ys) { } }", "Ambiguous", "A(params ReadOnlySpan<int> xs)")]
    [InlineData("public sealed class A { public A(params Span<int> xs) { } public A(params IReadOnlyCollection<int> ys) { } }", "None", "A(params Span<int> xs)")]
    [InlineData("public sealed class A { public A() { } [OverloadResolutionPriority(1)] public A(string s = \"\") { } }", "None", "A(string s = \"\")")]
    [InlineData("public sealed class A { public A(int x = 0) { } [OverloadResolutionPriority(1)] public A(string s) { } }", "None", "A(int x = 0)")]
    [InlineData("public sealed class A { public A(int x = 0) { } [OverloadResolutionPriority(1)] private A(string s = \"\") { } }", "None", "A(int x = 0)")]
    public void Newer_language_rules_pick_the_constructor_newer_compilers_pick(string declaration, string expected, string constructor)
    {
        var compilation = GeneratorHarness.Compile("Shapes", OutputKind.DynamicallyLinkedLibrary, null,
            "using System;\nusing System.Collections.Generic;\nusing System.Runtime.CompilerServices;\nnamespace N;\n" + declaration);
        var verdict = DefaultConstruction.Check(compilation.GetTypeByMetadataName("N.A")!, compilation);
        Assert.Equal(expected, verdict.Problem.ToString());
        Assert.Equal(constructor, verdict.Constructor!.ToDisplayString(new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly, memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
            parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeDefaultValue,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters, miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes)));
    }

    [Fact]
    public void A_skipped_periodic_declaration_keeps_its_kind()
    {
        var (output, registry) = Generate("[JobArgs(\"n.a\")]\n[PeriodicJob(\"@every 1h\")]\npublic sealed record A(int X);");
        Assert.Contains("public static global::River.JobDefinition<global::N.A> A { get; }", registry, StringComparison.Ordinal);
        Assert.Contains("builder.AddJob(A);", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("FromAttribute", registry, StringComparison.Ordinal);
        AssertCompiles(output);
    }

    [Theory]
    [InlineData("not a schedule")]
    [InlineData("")]
    [InlineData("@every -5m")]
    [InlineData("\"; System.Environment.Exit(1); //")]
    [InlineData("0 3 * * *\n\t\\ \u00e9 \u2028")]
    public void Any_schedule_text_is_carried_as_an_escaped_literal_for_the_runtime_to_judge(string schedule)
    {
        var literal = SymbolDisplay.FormatLiteral(schedule, quote: true);
        var (output, registry) = Generate($"[JobArgs(\"n.a\")]\n[PeriodicJob({literal}, Id = {literal}, TimeZone = {literal})]\npublic sealed record A;");
        Assert.Contains($"new global::River.PeriodicJobAttribute({literal}) {{ Id = {literal}, TimeZone = {literal} }}", registry, StringComparison.Ordinal);
        AssertCompiles(output);
    }

    [Fact]
    public void A_bad_schedule_loads_and_registers_definitions_and_fails_only_when_the_periodic_jobs_are_created()
    {
        var (output, _) = Generate("[JobArgs(\"n.bad_schedule\")]\n[PeriodicJob(\"@every 5 minutes\")]\npublic sealed record A;\n" +
                                   "[JobArgs(\"n.fine\")]\npublic sealed record B;", assembly: "BadSchedule");
        using var stream = new MemoryStream();
        Assert.True(output.Emit(stream).Success);
        var assembly = System.Reflection.Assembly.Load(stream.ToArray());
        var registry = assembly.GetType("River.Generated.BadScheduleJobRegistry", throwOnError: true)!;

        // Loading the assembly and touching its registry runs the module initializer: definitions work.
        var definitions = (IReadOnlyList<JobDefinition>)registry.GetProperty("Definitions")!.GetValue(null)!;
        Assert.Equal(["n.bad_schedule", "n.fine"], definitions.Select(d => d.Kind));

        var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => registry.GetMethod("CreatePeriodicJobs")!.Invoke(null, null));
        var format = Assert.IsType<FormatException>(e.InnerException);
        Assert.StartsWith("[PeriodicJob] on 'N.A' (kind 'n.bad_schedule'): the schedule \"@every 5 minutes\" is invalid: ", format.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_schedule_is_skipped_without_crashing()
    {
        var (output, registry) = Generate("[JobArgs(\"n.a\")]\n[PeriodicJob(null!)]\npublic sealed record A;");
        Assert.DoesNotContain("FromAttribute", registry, StringComparison.Ordinal);
        AssertCompiles(output);
    }

    [Fact]
    public void A_periodic_type_with_an_unsupported_args_shape_and_no_context_gets_nothing()
    {
        var (output, registry) = Generate("[JobArgs(\"n.a\")]\n[PeriodicJob(\"@hourly\")]\npublic sealed class A { public Uri? Where { get; set; } }");
        Assert.DoesNotContain("global::N.A", registry, StringComparison.Ordinal);
        AssertCompiles(output);
    }

    [Fact]
    public void A_type_named_like_the_registry_method_gets_another_property_name()
    {
        var (output, registry) = Generate("[JobArgs(\"n.a\")]\n[PeriodicJob(\"@hourly\")]\npublic sealed record CreatePeriodicJobs;");
        Assert.Contains("FromAttribute(N_CreatePeriodicJobs,", registry, StringComparison.Ordinal);
        AssertCompiles(output);
    }

    [Fact]
    public void A_host_adds_the_periodic_jobs_of_referenced_job_libraries_first()
    {
        var library = Emit(GeneratorHarness.Run(GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, TestSources.Jobs)).Output);
        const string host = """
            using River;

            namespace Host;

            [JobArgs("host.tick")]
            [PeriodicJob("@every 1m")]
            public sealed record Tick;

            public static class Setup
            {
                public static PeriodicJobCollection Register(RiverClientOptions options) => options.PeriodicJobs.AddPeriodicJobsFromThisAssembly();
            }
            """;
        var (output, sources, _) = GeneratorHarness.Run(GeneratorHarness.Compile("Host", OutputKind.DynamicallyLinkedLibrary, [library], host));
        AssertCompiles(output);
        var registry = sources["HostJobRegistry.g.cs"];
        var library_ = registry.IndexOf("global::River.Generated.ShopJobsJobRegistry.CreatePeriodicJobs()", StringComparison.Ordinal);
        var own = registry.IndexOf("global::River.Generated.HostJobRegistry.CreatePeriodicJobs()", StringComparison.Ordinal);
        Assert.True(library_ >= 0 && own > library_, registry);
        // The DI path reaches the library's periodic jobs through its own AddTo.
        Assert.Contains("global::River.Generated.ShopJobsJobRegistry.AddTo(builder);", registry, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_built_before_periodic_support_is_composed_without_CreatePeriodicJobs()
    {
        // A registry that has AddTo but no CreatePeriodicJobs, as an older generator emitted it.
        const string oldLibrary = """
            [assembly: River.RiverJobRegistry(typeof(River.Generated.OldJobRegistry))]
            namespace River.Generated
            {
                public static class OldJobRegistry
                {
                    public static global::River.IRiverBuilder AddTo(global::River.IRiverBuilder builder) => builder;
                }
            }
            """;
        var library = Emit(GeneratorHarness.Compile("Old", OutputKind.DynamicallyLinkedLibrary, null, oldLibrary));
        var (output, sources, _) = GeneratorHarness.Run(GeneratorHarness.Compile("Host", OutputKind.DynamicallyLinkedLibrary, [library],
            "using River; namespace Host; [JobArgs(\"host.tick\")] [PeriodicJob(\"@every 1m\")] public sealed record Tick;"));
        AssertCompiles(output);
        var registry = sources["HostJobRegistry.g.cs"];
        Assert.Contains("global::River.Generated.OldJobRegistry.AddTo(builder);", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("OldJobRegistry.CreatePeriodicJobs", registry, StringComparison.Ordinal);
    }

    private static MetadataReference Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, GeneratorHarness.Format(result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
