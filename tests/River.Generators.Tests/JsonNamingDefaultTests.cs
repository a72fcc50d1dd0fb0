using Microsoft.CodeAnalysis;
using River.Generators.Tests.Infrastructure;

namespace River.Generators.Tests;

/// <summary>
/// The generator's side of the JSON names the analyzers resolve (River.Analyzers.Tests' JsonNamingPolicyTests): an
/// assembly without <c>[RiverJsonOptions(NamingPolicy = …)]</c> writes snake_case_lower names (NamingPolicies.Default),
/// an explicit policy is followed, and <c>Unspecified</c> given explicitly keeps the names as written.
/// </summary>
public sealed class JsonNamingDefaultTests
{
    private const string Args = """
        namespace Shop.Jobs;
        [JobArgs("order.ship")]
        public sealed record ShipOrder(string OrderId, int LineCount);
        """;

    [Theory]
    [InlineData("", "order_id", "line_count")]
    [InlineData("[assembly: RiverJsonOptions(NamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]", "orderId", "lineCount")]
    [InlineData("[assembly: RiverJsonOptions(NamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.Unspecified)]", "OrderId", "LineCount")]
    public void The_generated_serializer_names_follow_the_policy_snake_case_by_default(string prelude, string first, string second)
    {
        var (output, sources, diagnostics) = GeneratorHarness.Run(GeneratorHarness.Compile("Shop.Jobs", OutputKind.DynamicallyLinkedLibrary, null, "using River;\n" + prelude + "\n" + Args));
        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output));
        var generated = string.Join("\n", sources.Values);
        Assert.Contains("\"" + first + "\"", generated, StringComparison.Ordinal);
        Assert.Contains("\"" + second + "\"", generated, StringComparison.Ordinal);
        foreach (var other in new[] { "order_id", "orderId", "OrderId" }.Where(n => n != first))
        {
            Assert.DoesNotContain("\"" + other + "\"", generated, StringComparison.Ordinal);
        }
    }
}
