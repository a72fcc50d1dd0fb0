using System.Text.Json.Serialization;
using River;

namespace JobCatalog;

/// <summary>Sends one e-mail. Positional record; unique per account and hour.</summary>
[JobArgs("email.send", Queue = "mail", Priority = 2, MaxAttempts = 5, Tags = ["email"])]
[UniqueJob(ByArgs = true, ByPeriodSeconds = 3600)]
public sealed record SendEmail(string To, string Subject, [property: UniqueKey] long AccountId);

/// <summary>Resizes an image: numbers of every width, enums, a nullable value.</summary>
[JobArgs("image.resize", Queue = "media")]
public sealed record ResizeImage(
    Guid ImageId,
    int Width,
    short Height,
    byte Quality,
    ImageFormat Format,
    double? Scale,
    float Sharpen,
    ulong Checksum);

/// <summary>Image encodings (written as numbers, as System.Text.Json does by default).</summary>
public enum ImageFormat
{
    /// <summary>PNG.</summary>
    Png,
    /// <summary>JPEG.</summary>
    Jpeg,
    /// <summary>WebP.</summary>
    WebP = 7,
}

/// <summary>Charges an order: decimal money, nested records, a list of lines, a unique nested key.</summary>
[JobArgs("billing.charge", Queue = "billing", MaxAttempts = 3)]
[UniqueJob(ByArgs = true, ByQueue = true, ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled, JobState.Retryable])]
public sealed class ChargeOrder
{
    /// <summary>The order.</summary>
    public required OrderRef Order { get; init; }
    /// <summary>Amount charged.</summary>
    public decimal Amount { get; init; }
    /// <summary>ISO currency; defaults to EUR when missing.</summary>
    public string Currency { get; init; } = "EUR";
    /// <summary>Order lines.</summary>
    public List<OrderLine> Lines { get; set; } = [];
    /// <summary>When the order was placed.</summary>
    public DateTimeOffset PlacedAt { get; set; }
}

/// <summary>Identifies an order.</summary>
/// <param name="Id">Order id (the unique key).</param>
/// <param name="Customer">Customer id.</param>
public sealed record OrderRef([property: UniqueKey] long Id, string Customer);

/// <summary>One line of an order.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>Rebuilds a search index: dictionaries, arrays, sets of tags, and a property renamed by attribute.</summary>
[JobArgs("search.reindex", Priority = 4, Pending = true)]
public sealed class ReindexSearch
{
    /// <summary>Index name (JSON name given explicitly).</summary>
    [JsonPropertyName("index")]
    public string IndexName { get; set; } = "";
    /// <summary>Boost per field.</summary>
    public Dictionary<string, double> Boosts { get; set; } = [];
    /// <summary>Shards to rebuild.</summary>
    public int[] Shards { get; set; } = [];
    /// <summary>Optional field mappings.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Mappings { get; set; }
    /// <summary>Not serialized.</summary>
    [JsonIgnore]
    public string? LocalCache { get; set; }
}

/// <summary>Generates a report: dates and times of every kind.</summary>
[JobArgs("report.generate")]
#pragma warning disable RIVER0035 // RequestedAt is always UTC; the catalog shows every date and time type the serializer writes
public sealed record GenerateReport(DateOnly Day, TimeOnly Cutoff, TimeSpan Window, DateTime RequestedAt, DateTimeOffset? NotBefore);
#pragma warning restore RIVER0035

/// <summary>Uploads a blob: bytes as base64, a char, a bool.</summary>
[JobArgs("storage.upload", Queue = "storage")]
public sealed record UploadBlob(string Path, byte[] Content, char Separator, bool Overwrite);

/// <summary>Prunes a tree of folders: a recursive type.</summary>
[JobArgs("storage.prune_tree")]
public sealed class PruneTree
{
    /// <summary>The root folder.</summary>
    public Folder Root { get; set; } = new();
}

/// <summary>A folder and its children (recursive).</summary>
public sealed class Folder
{
    /// <summary>Name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Children.</summary>
    public List<Folder>? Children { get; set; }
}

/// <summary>A webhook call: required members and JSON-required, an ignored-when-null header map, inheritance.</summary>
[JobArgs("webhook.deliver", Queue = "webhooks", MaxAttempts = 10)]
[UniqueJob(ByArgs = true)]
public sealed class DeliverWebhook : WebhookBase
{
    /// <summary>The payload (raw JSON text).</summary>
    [JsonRequired]
    public string Payload { get; set; } = "";
    /// <summary>Extra headers, left out when null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IDictionary<string, string>? Headers { get; set; }
}

/// <summary>Common webhook fields (System.Text.Json writes them after the derived ones).</summary>
public abstract class WebhookBase
{
    /// <summary>Target URL.</summary>
    public required string Url { get; init; }
    /// <summary>Subscription.</summary>
    public Guid SubscriptionId { get; init; }
}

/// <summary>Recomputes statistics: nullable collections and enumerables, unsigned numbers.</summary>
[JobArgs("stats.recompute", Tags = ["stats", "nightly"])]
public sealed record RecomputeStats(
    IEnumerable<uint> Buckets,
    ICollection<sbyte>? Deltas,
    IReadOnlyCollection<ushort> Ports,
    IList<long?> Samples);

/// <summary>Synchronizes a feed; its <see cref="Uri"/> goes through the assembly's JsonSerializerContext, the set is generated.</summary>
[JobArgs("feed.sync")]
[UniqueJob(ByArgs = true, ExcludeKind = true)]
public sealed record SyncFeed(Uri Feed, HashSet<string> SeenIds, [property: UniqueKey] string Name);

/// <summary>A job without any args members.</summary>
[JobArgs("maintenance.vacuum", Queue = "maintenance")]
public sealed record Vacuum;
