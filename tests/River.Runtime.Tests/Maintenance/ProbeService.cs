using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using River.Database.Queries;
using River.Maintenance;

namespace River.Runtime.Tests.Maintenance;

/// <summary>A maintenance service whose batches the test scripts; it never touches a database.</summary>
internal sealed class ProbeService : MaintenanceService
{
    private static readonly NpgsqlDataSource Nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");

    public ProbeService(FakeTimeProvider clock, MaintenanceOptions options, int maxBatchSize, Func<int, CancellationToken, Task<int>> batch,
        TimeSpan? interval = null)
        : base("probe", new MaintenanceContext(Nowhere, new MaintenanceSql(new SchemaSql("public")), clock, NullLogger.Instance, options), maxBatchSize)
    {
        Batch = batch;
        Interval = interval ?? TimeSpan.FromSeconds(5);
    }

    public Func<int, CancellationToken, Task<int>> Batch { get; set; }

    public TimeSpan Interval { get; }

    public List<int> BatchSizesSeen { get; } = [];

    protected override TimeSpan NextDelay(DateTimeOffset now) => Interval;

    protected override Task<int> RunCoreAsync(CancellationToken cancellationToken) => RunBatchesAsync((size, ct) =>
    {
        lock (BatchSizesSeen)
        {
            BatchSizesSeen.Add(size);
        }
        return Batch(size, ct);
    }, cancellationToken);

    public static MaintenanceOptions Options(Action<MaintenanceOptions>? configure = null)
    {
        var options = new MaintenanceOptions { StartJitter = TimeSpan.Zero };
        configure?.Invoke(options);
        return options;
    }

    public Task<TimeSpan> NextSleep() => SleepStarted.NextAsync();

    public Task<int> NextRun() => RunFinished.NextAsync();
}
