using System.Globalization;
using River.Analyzers.Tests.Infrastructure;

namespace River.Analyzers.Tests.Rules;

/// <summary>RIVER0048 (two properties under one JSON name) and RIVER0049 ([UniqueKey] the unique key never reaches).</summary>
public sealed class SilentSettingsTests
{
    [Fact]
    public async Task NamesThatCollideUnderTheNamingPolicy_AreReportedOnTheSecond()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            [assembly: RiverJsonOptions(NamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
            [JobArgs("user.sync")]
            public sealed class SyncUser
            {
                public string UserId { get; set; } = "";
                public string [|User_Id|] { get; set; } = "";
            }
            """, "RIVER0048");
        Assert.Equal("Properties 'UserId' and 'User_Id' of 'SyncUser' are both written as \"user_id\" (the snake_case_lower naming policy); reading the args back gives the value to one of them and the other's is lost",
            diagnostics[0].GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task JsonPropertyNameEqualToAnotherPropertysName_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [assembly: RiverJsonOptions(NamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.Unspecified)]
            [JobArgs("user.sync")]
            public sealed class SyncUser
            {
                public string Id { get; set; } = "";
                [System.Text.Json.Serialization.JsonPropertyName("Id")]
                public string [|LegacyId|] { get; set; } = "";
            }
            """, "RIVER0048");

    [Fact]
    public async Task DistinctNames_AndNamesThatDifferOnlyWithoutAPolicy_AreNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [assembly: RiverJsonOptions(NamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.Unspecified)]
            [JobArgs("user.sync")]
            public sealed class SyncUser
            {
                public string UserId { get; set; } = "";
                public string User_Id { get; set; } = "";
                [System.Text.Json.Serialization.JsonIgnore]
                public string userId { get; set; } = "";
            }
            """);

    [Fact]
    public async Task StaticUniqueKey_IsReported()
        => await AnalyzerVerifier.VerifyAsync("""
            [JobArgs("report.build"), UniqueJob(ByArgs = true)]
            public sealed class BuildReport
            {
                public string Customer { get; set; } = "";
                [UniqueKey] public static string [|Region|] { get; set; } = "";
            }
            """, "RIVER0049");

    [Fact]
    public async Task UniqueKeyInsideAListElement_IsReportedOnTheList()
    {
        var diagnostics = await AnalyzerVerifier.VerifyAsync("""
            public sealed record Line([property: UniqueKey] string Sku, int Quantity);
            [JobArgs("order.ship"), UniqueJob(ByArgs = true)]
            public sealed record ShipOrder([property: UniqueKey] string OrderId, List<Line> [|Lines|]);
            """, "RIVER0049");
        Assert.Contains("[UniqueKey] on 'Line.Sku'", diagnostics[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Line[]")]
    [InlineData("IReadOnlyList<Line>")]
    [InlineData("Dictionary<string, Line>")]
    public async Task UniqueKeyInsideOtherCollections_IsReported(string collection)
        => await AnalyzerVerifier.VerifyAsync($$"""
            public sealed record Line([property: UniqueKey] string Sku, int Quantity);
            [JobArgs("order.ship"), UniqueJob(ByArgs = true)]
            public sealed record ShipOrder(string OrderId, {{collection}} [|Lines|]);
            """, "RIVER0049");

    [Fact]
    public async Task UniqueKeyInANestedObject_OrOnTheCollectionItself_IsNotReported()
        => await AnalyzerVerifier.VerifyAsync("""
            public sealed record Customer([property: UniqueKey] string Id, string Name);
            public sealed record Line([property: UniqueKey] string Sku, int Quantity);
            [JobArgs("order.ship"), UniqueJob(ByArgs = true)]
            public sealed record ShipOrder(Customer Customer, [property: UniqueKey] List<Line> Lines, List<string> Notes);
            """);
}

/// <summary>RIVER0051: a time zone on an interval schedule.</summary>
public sealed class TimeZoneOnIntervalTests
{
    [Theory]
    [InlineData("@every 1h")]
    [InlineData("  @every 15m ")]
    public async Task TimeZoneOnAnInterval_IsReportedOnTheZone(string schedule)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("reports.hourly"), PeriodicJob("{{schedule}}", TimeZone = [|"UTC"|])]
            public sealed record HourlyReport;
            """, "RIVER0051");

    [Theory]
    [InlineData("0 * * * *", "\"UTC\"")]
    [InlineData("@every 1h", "null")]
    public async Task TimeZoneOnACron_OrNoZoneOnAnInterval_IsNotReported(string schedule, string zone)
        => await AnalyzerVerifier.VerifyAsync($$"""
            [JobArgs("reports.hourly"), PeriodicJob("{{schedule}}", TimeZone = {{zone}})]
            public sealed record HourlyReport;
            """);
}
