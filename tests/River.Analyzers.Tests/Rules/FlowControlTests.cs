using System.Reflection;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0053 and RIVER0054 on <c>[ConcurrencyLimit]</c>, <c>[RateLimit]</c> and <c>[Sequence]</c>, each with a silent twin.</summary>
public sealed class FlowControlTests
{
    [Fact]
    public async Task A_concurrency_limit_below_one_is_reported_on_the_value()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), ConcurrencyLimit([|0|])]
            public sealed record A(long CustomerId);
            [JobArgs("job.b"), ConcurrencyLimit([|-2|])]
            public sealed record B(long CustomerId);
            [JobArgs("job.c"), ConcurrencyLimit(1)]
            public sealed record C(long CustomerId);
            """, "RIVER0053");

    [Fact]
    public async Task An_impossible_rate_is_reported_and_a_possible_one_is_not()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), [|RateLimit(0, 1)|]]
            public sealed record A(long CustomerId);
            [JobArgs("job.b"), [|RateLimit(5, 0.0001)|]]
            public sealed record B(long CustomerId);
            [JobArgs("job.c"), [|RateLimit(5, 1e9)|]]
            public sealed record C(long CustomerId);
            [JobArgs("job.d"), RateLimit(50, 1), RateLimit2]
            public sealed record D(long CustomerId);
            [JobArgs("job.e"), RateLimit(1000, 3600, Burst = 10)]
            public sealed record E(long CustomerId);
            [System.AttributeUsage(System.AttributeTargets.Class)] public sealed class RateLimit2Attribute : System.Attribute;
            """, "RIVER0053");

    [Fact]
    public async Task Partition_paths_are_checked_against_the_args_JSON_names()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), ConcurrencyLimit(1, PartitionBy = [|"CustomerId"|])]
            public sealed record A(long CustomerId);
            [JobArgs("job.b"), ConcurrencyLimit(1, PartitionBy = "customer_id")]
            public sealed record B(long CustomerId);
            [JobArgs("job.c"), RateLimit(5, 1, PartitionBy = "customer.region")]
            public sealed record C(Customer Customer);
            [JobArgs("job.d"), Sequence(By = [|"order.id"|])]
            public sealed record D(long OrderId);
            [JobArgs("job.e"), Sequence(By = "order_id")]
            public sealed record E(long OrderId);
            public sealed record Customer(string Region);
            """, "RIVER0054");

    [Fact]
    public async Task Two_partition_paths_a_malformed_path_and_a_sequence_unique_by_kind_are_reported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("job.a"), ConcurrencyLimit(1, PartitionBy = "customer_id"), [|RateLimit(5, 1, PartitionBy = "region")|]]
            public sealed record A(long CustomerId, string Region);
            [JobArgs("job.b"), ConcurrencyLimit(1, PartitionBy = [|"customer_id."|])]
            public sealed record B(long CustomerId);
            [JobArgs("job.c"), [|Sequence|], UniqueJob]
            public sealed record C(long OrderId);
            [JobArgs("job.d"), Sequence(By = "order_id"), UniqueJob(ByArgs = true)]
            public sealed record D(long OrderId, int Step);
            [JobArgs("job.e"), ConcurrencyLimit(1, PartitionBy = "customer_id"), RateLimit(5, 1)]
            public sealed record E(long CustomerId);
            """, "RIVER0053");

    /// <summary>
    /// One set of cases for the three: the analyzers report exactly the values the runtime refuses (FlowRules through the
    /// client's declarations), and the generator emits the value as written (never dropped, so the runtime sees it).
    /// </summary>
    [Theory]
    [InlineData("ConcurrencyLimit(3)", 3, null, null, true)]
    [InlineData("ConcurrencyLimit(0)", 0, null, null, false)]
    [InlineData("ConcurrencyLimit(-1)", -1, null, null, false)]
    [InlineData("RateLimit(50, 1)", null, 50, 1.0, true)]
    [InlineData("RateLimit(0, 1)", null, 0, 1.0, false)]
    [InlineData("RateLimit(1, 0)", null, 1, 0.0, false)]
    [InlineData("RateLimit(1, 0.001)", null, 1, 0.001, true)]
    [InlineData("RateLimit(1, 2678400)", null, 1, 2678400.0, true)]
    [InlineData("RateLimit(1, 2678401)", null, 1, 2678401.0, false)]
    public async Task A_flow_declaration_gets_one_verdict_from_the_analyzers_the_generator_and_the_runtime(string attribute, int? max, int? rate, double? period, bool valid)
    {
        var compilation = TestCompilation.Create([$$"""
            namespace N;
            [JobArgs("n.a"), {{attribute}}]
            public sealed record A(long CustomerId);
            """]);
        var output = TestCompilation.RunGenerator(compilation);
        var registry = string.Concat(output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).Select(t => t.ToString()));
        var reported = (await TestCompilation.AnalyzeAsync(output)).Any(d => d.Id == "RIVER0053");
        var runtimeError = RuntimeRule(new FlowOptions { MaxRunning = max, RateLimit = rate, RatePeriod = period is { } p ? TimeSpan.FromSeconds(p) : null });

        Assert.Equal(valid, runtimeError is null);
        Assert.Equal(!valid, reported);
        Assert.Contains(max is { } m ? "MaxRunning = " + m : "RateLimit = " + rate, registry, StringComparison.Ordinal);
    }

    /// <summary>The runtime's check of one kind's limits (River.Flow.FlowDeclarations.Row, which a client's construction calls).</summary>
    private static string? RuntimeRule(FlowOptions flow)
    {
        var declarations = typeof(RiverClient).Assembly.GetType("River.Flow.FlowDeclarations", throwOnError: true)!;
        var row = declarations.GetMethod("Row", BindingFlags.Public | BindingFlags.Static)!;
        try
        {
            row.Invoke(null, ["kind:n.a", null, "n.a", flow, "kind n.a"]);
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is RiverConfigurationException problem)
        {
            return problem.Message;
        }
    }

    [Fact]
    public async Task A_sequence_whose_key_fixes_the_unique_key_is_reported_on_the_sequence()
        => await AnalyzerVerifier.VerifyAsync("""
            public sealed record Order(long Id, string Lines);
            [JobArgs("job.a"), [|Sequence(By = "order_id")|], UniqueJob(ByArgs = true)]
            public sealed record A([property: UniqueKey] long OrderId, int Step);
            [JobArgs("job.b"), Sequence(By = "order_id"), UniqueJob(ByArgs = true)]
            public sealed record B([property: UniqueKey] long OrderId, [property: UniqueKey] int Step);
            [JobArgs("job.c"), Sequence(By = "order_id"), UniqueJob(ByArgs = true, ByPeriodSeconds = 60)]
            public sealed record C([property: UniqueKey] long OrderId, int Step);
            [JobArgs("job.d"), Sequence(By = "order_id"), UniqueJob(ByArgs = true)]
            public sealed record D([property: UniqueKey] long CustomerId, long OrderId);
            [JobArgs("job.e"), [|Sequence(By = "ref")|], UniqueJob(ByArgs = true)]
            public sealed record E([property: UniqueKey, System.Text.Json.Serialization.JsonPropertyName("ref")] long OrderId, int Step);
            """, "RIVER0053");
}
