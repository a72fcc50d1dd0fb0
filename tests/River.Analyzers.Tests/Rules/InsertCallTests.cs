using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0039 (inserted type without [JobArgs]), RIVER0042 (unique job on the COPY path), RIVER0043 (null args).</summary>
public sealed class InsertCallTests
{
    private const string Types = """
        using System.Linq;
        [JobArgs("email.send")]
        public sealed record SendEmail(string To);
        [JobArgs("email.unique"), UniqueJob(ByArgs = true)]
        public sealed record UniqueEmail(string To);
        public sealed record NotArgs(string To);
        """;

    [Theory]
    [InlineData("client.InsertAsync([|new NotArgs(\"a\")|])")]
    [InlineData("client.InsertAsync([|new NotArgs(\"a\")|], new InsertOptions { Queue = \"mail\" })")]
    [InlineData("inserter.InsertAsync([|new NotArgs(\"a\")|])")]
    [InlineData("client.InsertManyAsync([JobInsertRequest.Create([|new NotArgs(\"a\")|])])")]
    [InlineData("client.InsertManyFastAsync([JobInsertRequest.Create([|new NotArgs(\"a\")|])])")]
    [InlineData("client.InsertAsync<object>([|\"text\"|])")]
    [InlineData("client.InsertAsync(args: [|new NotArgs(\"a\")|])")]
    public async Task TypeWithoutJobArgs_IsReportedOnTheArgs(string call)
        => await AnalyzerVerifier.VerifyAsync(Types + $$"""
            public static class Calls
            {
                public static async Task Run(RiverClient client, IRiverInserter inserter) => await {{call}};
            }
            """, "RIVER0039");

    [Theory]
    [InlineData("client.InsertAsync(new SendEmail(\"a\"))")]
    [InlineData("inserter.InsertAsync(new SendEmail(\"a\"), new InsertOptions { Queue = \"mail\" })")]
    [InlineData("client.InsertManyAsync([JobInsertRequest.Create(new SendEmail(\"a\"))])")]
    [InlineData("client.InsertManyFastAsync([JobInsertRequest.Create(new SendEmail(\"a\"))])")]
    public async Task JobArgsType_IsNotReported(string call)
        => await AnalyzerVerifier.VerifyAsync(Types + $$"""
            public static class Calls
            {
                public static async Task Run(RiverClient client, IRiverInserter inserter) => await {{call}};
            }
            """);

    [Fact]
    public async Task GenericCaller_IsLeftToItsCallers()
        => await AnalyzerVerifier.VerifyAsync(Types + """
            public static class Calls
            {
                public static Task<InsertResult> Insert<T>(IRiverInserter inserter, T args) where T : notnull => inserter.InsertAsync(args);
                public static Task Run(IRiverInserter inserter) => Insert(inserter, new NotArgs("a"));
            }
            """);

    [Fact]
    public async Task JobArgsTypeOfAReferencedLibrary_IsNotReported()
    {
        var library = CrossAssemblyTests.Library("JobLibrary", """
            namespace Lib;
            [JobArgs("lib.send")]
            public sealed record LibSend(string To);
            """);
        await AnalyzerVerifier.VerifyAsync("""
            public static class Calls
            {
                public static Task Run(IRiverInserter inserter) => inserter.InsertAsync(new Lib.LibSend("a"));
            }
            """, references: [library]);
    }

    [Fact]
    public async Task InserterImplementation_IsChecked()
        => await AnalyzerVerifier.VerifyAsync(Types + """
            public abstract class MyInserter : IRiverInserter
            {
                public abstract Task<InsertResult> InsertAsync<TArgs>(TArgs args, InsertOptions? opts = null, CancellationToken cancellationToken = default) where TArgs : notnull;
                public abstract Task<InsertResult> InsertAsync<TArgs>(TArgs args, Npgsql.NpgsqlTransaction transaction, InsertOptions? opts = null, CancellationToken cancellationToken = default) where TArgs : notnull;
                public abstract Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, CancellationToken cancellationToken = default);
                public abstract Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, Npgsql.NpgsqlTransaction transaction, CancellationToken cancellationToken = default);
            }
            public static class Calls
            {
                public static Task Run(MyInserter inserter) => inserter.InsertAsync([|new NotArgs("a")|]);
            }
            """, "RIVER0039");

    [Theory]
    [InlineData("client.InsertAsync<SendEmail>([|null!|])")]
    [InlineData("client.InsertAsync<SendEmail>([|default!|])")]
    [InlineData("inserter.InsertAsync<SendEmail>([|null!|], new InsertOptions())")]
    [InlineData("client.InsertManyAsync([JobInsertRequest.Create<SendEmail>([|null!|])])")]
    [InlineData("client.InsertAsync<NotArgs>([|null!|])")]
    public async Task NullArgs_AreReported(string call)
        => await AnalyzerVerifier.VerifyAsync(Types + $$"""
            public static class Calls
            {
                public static async Task Run(RiverClient client, IRiverInserter inserter) => await {{call}};
            }
            """, "RIVER0043");

    [Fact]
    public async Task ArgsThatMayBeNull_AreLeftToTheRuntime()
        => await AnalyzerVerifier.VerifyAsync(Types + """
            public static class Calls
            {
                public static Task Run(IRiverInserter inserter, SendEmail? maybe) => inserter.InsertAsync(maybe!);
            }
            """);

    [Theory]
    [InlineData("client.InsertManyFastAsync([[|JobInsertRequest.Create(new UniqueEmail(\"a\"))|]])")]
    [InlineData("client.InsertManyFastAsync(Enumerable.Range(0, 10).Select(i => [|JobInsertRequest.Create(new UniqueEmail($\"u{i}\"))|]))")]
    [InlineData("client.InsertManyFastAsync([[|JobInsertRequest.Create(new SendEmail(\"a\"), new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true } })|]])")]
    [InlineData("client.InsertManyFastAsync([JobInsertRequest.Create(new SendEmail(\"a\")), [|JobInsertRequest.Create(new UniqueEmail(\"b\"))|]], CancellationToken.None)")]
    public async Task UniqueJobOnTheFastPath_IsReportedOnItsRequest(string call)
        => await AnalyzerVerifier.VerifyAsync(Types + $$"""
            public static class Calls
            {
                public static async Task Run(RiverClient client) => await {{call}};
            }
            """, "RIVER0042");

    [Theory]
    [InlineData("client.InsertManyAsync([JobInsertRequest.Create(new UniqueEmail(\"a\"))])")]
    [InlineData("client.InsertManyFastAsync([JobInsertRequest.Create(new SendEmail(\"a\"), new InsertOptions { UniqueOptions = null })])")]
    [InlineData("client.InsertManyFastAsync([JobInsertRequest.Create(new SendEmail(\"a\"), new InsertOptions { Queue = \"mail\" })])")]
    public async Task NonUniqueJobOnTheFastPath_OrUniqueJobOnTheRegularPath_IsNotReported(string call)
        => await AnalyzerVerifier.VerifyAsync(Types + $$"""
            public static class Calls
            {
                public static async Task Run(RiverClient client) => await {{call}};
            }
            """);
}

/// <summary>RIVER0052: a constant unique arg path that names no JSON property of the args type.</summary>
public sealed class UniqueArgPathTests
{
    private const string Types = """
        public sealed record Customer(string Id, string Name);
        [JobArgs("order.ship")]
        public sealed record ShipOrder(string OrderId, Customer Customer, int Count);
        """;

    private static string Call(string paths) => Types + $$"""
        public static class Calls
        {
            public static Task Run(IRiverInserter inserter)
                => inserter.InsertAsync(new ShipOrder("o1", new Customer("c1", "Ann"), 1),
                    new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true, ArgPaths = {{paths}} } });
        }
        """;

    [Theory]
    [InlineData("[[|\"orderid\"|]]")]
    [InlineData("[\"order_id\", [|\"customer.email\"|]]")]
    [InlineData("[[|\"count.value\"|]]")]
    [InlineData("new[] { [|\"customers\"|] }")]
    [InlineData("[[|\"OrderId\"|]]")] // as written: the generator's default policy writes order_id
    public async Task PathThatNamesNothing_IsReportedOnIt(string paths)
        => await AnalyzerVerifier.VerifyAsync(Call(paths), "RIVER0052");

    [Theory]
    [InlineData("[\"order_id\", \"customer.id\"]")]
    [InlineData("[\"customer\"]")]
    [InlineData("null")]
    public async Task PathsThatExist_AreNotReported(string paths)
        => await AnalyzerVerifier.VerifyAsync(Call(paths));

    [Fact]
    public async Task Paths_FollowTheNamingPolicy()
        => await AnalyzerVerifier.VerifyAsync("""
            [assembly: RiverJsonOptions(NamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
            [JobArgs("order.ship")]
            public sealed record ShipOrder(string OrderId);
            public static class Calls
            {
                public static Task Run(IRiverInserter inserter)
                    => inserter.InsertAsync(new ShipOrder("o1"),
                        new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true, ArgPaths = ["order_id", [|"OrderId"|]] } });
            }
            """, "RIVER0052");
}
