using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>
/// The analyzers that resolve JSON names of args properties — RIVER0052 (unique arg paths), RIVER0048 (two properties
/// under one JSON name), RIVER0054 (flow paths) — use the generator's names: <c>[JsonPropertyName]</c>, else the
/// assembly's naming policy, snake_case_lower when the assembly names none (NamingPolicies.Default, one file linked
/// into the generator and the analyzers). Each case runs with the default, with an explicit policy, and with
/// <c>Unspecified</c> given explicitly (names as written). The generator's side of the same default is
/// River.Generators.Tests' JsonNamingDefaultTests.
/// </summary>
public sealed class JsonNamingPolicyTests
{
    private const string AsWritten = "[assembly: RiverJsonOptions(NamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.Unspecified)]\n";
    private const string Camel = "[assembly: RiverJsonOptions(NamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]\n";

    private static string UniqueCall(string prelude, string paths) => prelude + $$"""
        [JobArgs("order.ship")]
        public sealed record ShipOrder(string OrderId, int LineCount);
        public static class Calls
        {
            public static Task Run(IRiverInserter inserter)
                => inserter.InsertAsync(new ShipOrder("o1", 1),
                    new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true, ArgPaths = {{paths}} } });
        }
        """;

    [Fact]
    public async Task UniqueArgPaths_WithTheDefaultPolicy_AreSnakeCase()
        => await AnalyzerVerifier.VerifyAsync(UniqueCall("", "[\"order_id\", \"line_count\", [|\"OrderId\"|]]"), "RIVER0052");

    [Fact]
    public async Task UniqueArgPaths_WithAnExplicitPolicy_FollowIt()
        => await AnalyzerVerifier.VerifyAsync(UniqueCall(Camel, "[\"orderId\", [|\"order_id\"|]]"), "RIVER0052");

    [Fact]
    public async Task UniqueArgPaths_WithUnspecifiedGivenExplicitly_AreAsWritten()
        => await AnalyzerVerifier.VerifyAsync(UniqueCall(AsWritten, "[\"OrderId\", [|\"order_id\"|]]"), "RIVER0052");

    private const string Collision = """
        [JobArgs("user.sync")]
        public sealed class SyncUser
        {
            public string UserId { get; set; } = "";
            public string {{mark}} { get; set; } = "";
        }
        """;

    [Fact]
    public async Task NameCollision_WithTheDefaultPolicy_IsSnakeCase()
        => await AnalyzerVerifier.VerifyAsync(Collision.Replace("{{mark}}", "[|User_Id|]", StringComparison.Ordinal), "RIVER0048");

    [Fact]
    public async Task NameCollision_WithUnspecifiedGivenExplicitly_IsAsWritten()
        => await AnalyzerVerifier.VerifyAsync(AsWritten + Collision.Replace("{{mark}}", "User_Id", StringComparison.Ordinal));

    [Fact]
    public async Task NameCollision_WithAnExplicitPolicy_FollowsIt()
        => await AnalyzerVerifier.VerifyAsync(Camel + Collision.Replace("{{mark}}", "User_Id", StringComparison.Ordinal)); // userId, user_Id

    [Fact]
    public async Task JsonPropertyName_CollidesWithTheDefaultPolicysName()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("user.sync")]
            public sealed class SyncUser
            {
                public string UserId { get; set; } = "";
                [System.Text.Json.Serialization.JsonPropertyName("user_id")]
                public string [|LegacyId|] { get; set; } = "";
            }
            """, "RIVER0048");

    private const string Flow = """
        public sealed record Customer(long AccountId);
        [JobArgs("job.a"), ConcurrencyLimit(1, PartitionBy = {{a}})]
        public sealed record A(long CustomerId, Customer Owner);
        [JobArgs("job.b"), Sequence(By = {{b}})]
        public sealed record B(long OrderId);
        """;

    private static string FlowCase(string prelude, string a, string b) =>
        prelude + Flow.Replace("{{a}}", a, StringComparison.Ordinal).Replace("{{b}}", b, StringComparison.Ordinal);

    [Fact]
    public async Task FlowPaths_WithTheDefaultPolicy_AreSnakeCase()
    {
        await AnalyzerVerifier.VerifyAsync(FlowCase("", "\"owner.account_id\"", "\"order_id\""));
        await AnalyzerVerifier.VerifyAsync(FlowCase("", "[|\"CustomerId\"|]", "[|\"OrderId\"|]"), "RIVER0054");
    }

    [Fact]
    public async Task FlowPaths_WithAnExplicitPolicy_FollowIt()
    {
        await AnalyzerVerifier.VerifyAsync(FlowCase(Camel, "\"owner.accountId\"", "\"orderId\""));
        await AnalyzerVerifier.VerifyAsync(FlowCase(Camel, "[|\"customer_id\"|]", "[|\"order_id\"|]"), "RIVER0054");
    }

    [Fact]
    public async Task FlowPaths_WithUnspecifiedGivenExplicitly_AreAsWritten()
    {
        await AnalyzerVerifier.VerifyAsync(FlowCase(AsWritten, "\"Owner.AccountId\"", "\"OrderId\""));
        await AnalyzerVerifier.VerifyAsync(FlowCase(AsWritten, "[|\"customer_id\"|]", "[|\"order_id\"|]"), "RIVER0054");
    }
}
