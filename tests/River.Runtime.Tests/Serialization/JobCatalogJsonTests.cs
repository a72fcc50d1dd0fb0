using System.Text;
using System.Text.Json;
using JobCatalog;

namespace River.Runtime.Tests.Serialization;

/// <summary>The sample job library's generated serializers, including members that go through its JsonSerializerContext.</summary>
public sealed class JobCatalogJsonTests
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly Dictionary<string, Func<(string Expected, string Actual, string RoundTrip)>> Cases = new()
    {
        ["email"] = () => Check(new SendEmail("a@example.com", "Grüße <3", 42)),
        ["image"] = () => Check(new ResizeImage(Guid.Parse("7b0e8d2f-9a43-4f7e-8a51-0d6c9a2f4b11"), 640, 480, 90, ImageFormat.WebP, null, 0.5f, ulong.MaxValue)),
        ["charge"] = () => Check(new ChargeOrder { Order = new OrderRef(7, "c-1"), Amount = 12.345m, Lines = [new("sku", 2, 0.1m)], PlacedAt = new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.FromHours(-7)) }),
        ["reindex"] = () => Check(new ReindexSearch { IndexName = "products", Boosts = new() { ["title"] = 2.5 }, Shards = [1, 2], Mappings = new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["b"] }, LocalCache = "skip" }),
        ["report"] = () => Check(new GenerateReport(new DateOnly(2024, 2, 29), new TimeOnly(23, 59, 59, 999), TimeSpan.FromDays(-1.5), DateTime.UnixEpoch, null)),
        ["upload"] = () => Check(new UploadBlob("/a/b", [0, 255, 7], '\\', true)),
        ["prune"] = () => Check(new PruneTree { Root = new Folder { Name = "root", Children = [new Folder { Name = "child" }] } }),
        ["webhook"] = () => Check(new DeliverWebhook { Url = "https://example.com/hook", Payload = "{}", Headers = null, SubscriptionId = Guid.Empty }),
        ["stats"] = () => Check(new RecomputeStats([1, 2], null, new List<ushort> { 80, 443 }, [null, long.MinValue])),
        ["feed"] = () => Check(new SyncFeed(new Uri("https://example.com/feed?x=1&y=<2>"), ["a", "b"], "news")),
        ["vacuum"] = () => Check(new Vacuum()),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Catalog_args_serialize_like_System_Text_Json(string name)
    {
        var (expected, actual, roundTrip) = Cases[name]();
        Assert.Equal(expected, actual);
        Assert.Equal(expected, roundTrip);
    }

    [Fact]
    public void Every_catalog_kind_is_covered() => Assert.Equal(River.Generated.JobCatalogJobRegistry.Definitions.Count, Cases.Count);

    private static (string, string, string) Check<T>(T args) where T : notnull
    {
        var definition = JobDefinition.For<T>();
        var bytes = definition.Serialize(args);
        return (JsonSerializer.Serialize(args, Options), Encoding.UTF8.GetString(bytes), JsonSerializer.Serialize(definition.Deserialize(bytes), Options));
    }
}
