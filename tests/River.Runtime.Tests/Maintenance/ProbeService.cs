using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using River.Database.Queries;
using River.Maintenance;
using River.Services;

namespace River.Runtime.Tests.Maintenance;

/// <summary>A maintenance service whose batches the test scripts; it never touches a database.</summary>
internal sealed class ProbeService : MaintenanceService
{
    private static readonly NpgsqlDataSource Nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");

    public ProbeService(FakeTimeProvider clock, RiverClientOptions options, int maxBatchSize, Func<int, CancellationToken, Task<int>> batch,
        TimeSpan? interval = null)
        : base("probe", new MaintenanceContext(
            new ClientContext(Nowhere, new SchemaSql("public"), "probe", clock, NullLoggerFactory.Instance, options),
            new MaintenanceSql(new SchemaSql("public"))), maxBatchSize)
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

    /// <summary>Client options whose maintenance settings are <paramref name="configure"/>d (start jitter off by default).</summary>
    public static RiverClientOptions Options(Action<MaintenanceOptions>? configure = null)
    {
        var options = new RiverClientOptions();
        options.Maintenance.StartJitter = TimeSpan.Zero;
        configure?.Invoke(options.Maintenance);
        return options;
    }

    public Task<TimeSpan> NextSleep() => SleepStarted.NextAsync();

    public Task<int> NextRun() => RunFinished.NextAsync();
}
