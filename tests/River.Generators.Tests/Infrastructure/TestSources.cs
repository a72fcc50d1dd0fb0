namespace River.Generators.Tests.Infrastructure;

/// <summary>Job definitions compiled by the generator tests.</summary>
internal static class TestSources
{
    public const string Jobs = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using River;

        namespace Shop.Jobs;

        [JobArgs("email.send", Queue = "mail", Priority = 2, MaxAttempts = 5, Tags = ["email"])]
        [UniqueJob(ByArgs = true, ByPeriodSeconds = 3600)]
        public sealed record SendEmail(string To, string Subject, [property: UniqueKey] long AccountId);

        public enum Channel { Web, Store = 3 }

        [JobArgs("order.ship", Pending = true)]
        [UniqueJob(ByArgs = true, ByQueue = true, ByState = [JobState.Available, JobState.Pending, JobState.Running, JobState.Scheduled])]
        public sealed class ShipOrder
        {
            public required Address To { get; init; }
            public string Carrier { get; init; } = "post";
            [JsonPropertyName("ref")]
            public Guid Reference { get; set; }
            public List<Parcel>? Parcels { get; set; }
            public Dictionary<string, decimal?> Fees { get; set; } = new();
            public Channel Channel { get; set; }
            public DateOnly? Day { get; set; }
            [JsonIgnore]
            public string? Scratch { get; set; }
        }

        public sealed record Address([property: UniqueKey] string Zip, string? Street);

        public sealed class Parcel
        {
            public double Weight { get; set; }
            public byte[]? Label { get; set; }
            public Parcel[]? Inner { get; set; }
        }

        [JobArgs("cache.warm", Queue = "low")]
        [PeriodicJob("@every 15m", RunOnStart = true)]
        public sealed record WarmCache(string Region = "eu", int Depth = 2);

        [JobArgs("reports.nightly")]
        [PeriodicJob("0 3 * * *", TimeZone = "Europe/Berlin", Id = "reports.nightly.v2")]
        public sealed class NightlyReport
        {
            public int Days { get; set; } = 1;
        }

        // Needs an argument: not registered as periodic (the analyzers report it); still a normal kind.
        [JobArgs("reports.custom")]
        [PeriodicJob("@hourly")]
        public sealed record CustomReport(int Days);

        public interface IMailer { }

        public sealed class SendEmailWorker(IMailer mailer, IServiceProvider services, int retries = 2) : Worker<SendEmail>
        {
            public IMailer Mailer { get; } = mailer;
            public IServiceProvider Services { get; } = services;
            public int Retries { get; } = retries;

            public override Task WorkAsync(Job<SendEmail> job, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    public const string Fallback = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using River;

        [assembly: RiverJsonOptions(NamingPolicy = JsonKnownNamingPolicy.CamelCase, Context = typeof(Feeds.FeedContext))]

        namespace Feeds;

        [JobArgs("feed.sync")]
        public sealed record SyncFeed(Uri Feed, HashSet<string> Seen, System.Version Version, string Name);

        [JobArgs("feed.opaque")]
        public sealed class Opaque
        {
            public Opaque(int a) { }
            public Opaque(string b) { }
        }

        [JsonSerializable(typeof(Uri))]
        [JsonSerializable(typeof(System.Version))]
        [JsonSerializable(typeof(Opaque))]
        public sealed partial class FeedContext : JsonSerializerContext;
        """;
}
