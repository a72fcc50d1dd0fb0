using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using PersistentWorker;
using River;

// The "persistent worker" pattern: exactly one long-running consumer exists in the whole cluster; when it ends, the
// next check of a periodic keep-alive starts a new one. Runs ~10 s on DATABASE_URL (in a Debug build without it, a throwaway local PostgreSQL) and
// prints a timeline; exits 1 if two consumers ever ran at once or no second one started.
var url = Environment.GetEnvironmentVariable("DATABASE_URL");
#if DEBUG
// Development only: River.Testing (a test package) is referenced in Debug builds only, so a Release build of this app
// cannot start a throwaway server by accident; it needs DATABASE_URL.
await using var throwaway = string.IsNullOrWhiteSpace(url) ? await River.Testing.ThrowawayPostgres.StartAsync() : null;
url = throwaway?.ConnectionString ?? url;
#endif
if (string.IsNullOrWhiteSpace(url))
{
    Console.Error.WriteLine("error: set DATABASE_URL to a postgres:// URL or a connection string");
    return 2;
}
await using var dataSource = NpgsqlDataSource.Create(DatabaseUrl.ToConnectionString(url));
await new RiverMigrator(dataSource).MigrateUpAllLinesAsync();

var stream = new DemoStream(batchesPerInstance: 4, batchDuration: TimeSpan.FromMilliseconds(500));
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<IWorkStream>(stream);
builder.Services.AddRiver(options =>
{
    options.DataSource = dataSource;
    options.Queues.Add("default", maxWorkers: 5);
    options.AddPersistentStreamConsumer(checkEvery: TimeSpan.FromSeconds(1));
}).AddRiverJobsFromThisAssembly();

using var host = builder.Build();
var started = DateTimeOffset.UtcNow;
await host.StartAsync();
await Task.Delay(TimeSpan.FromSeconds(10));
await host.StopAsync();

foreach (var line in stream.Timeline)
{
    Console.WriteLine($"{(line.At - started).TotalSeconds,5:0.0}s  {line.Text}");
}
Console.WriteLine($"instances: {stream.Instances}, most running at once: {stream.MaxConcurrent}");
if (stream.MaxConcurrent != 1 || stream.Instances < 2)
{
    Console.Error.WriteLine("error: expected exactly one consumer at a time and a restart after it ended");
    return 1;
}
Console.WriteLine("persistent worker done");
return 0;

/// <summary>A stream that ends after a few batches, so the demo shows a consumer ending and its successor starting.</summary>
internal sealed class DemoStream(int batchesPerInstance, TimeSpan batchDuration) : IWorkStream
{
    private readonly ConcurrentDictionary<long, int> _batches = new();
    private int _running;
    private int _maxConcurrent;

    public ConcurrentQueue<(DateTimeOffset At, string Text)> Timeline { get; } = new();
    public int Instances => _batches.Count;
    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public async Task<bool> ProcessNextBatchAsync(long instanceJobId, CancellationToken cancellationToken)
    {
        var batch = _batches.AddOrUpdate(instanceJobId, 1, (_, n) => n + 1);
        if (batch == 1)
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxConcurrent, now);
            Timeline.Enqueue((DateTimeOffset.UtcNow, $"consumer job {instanceJobId} started ({now} running)"));
        }
        if (batch > batchesPerInstance)
        {
            Interlocked.Decrement(ref _running);
            Timeline.Enqueue((DateTimeOffset.UtcNow, $"consumer job {instanceJobId} ended: its stream closed"));
            return false;
        }
        try
        {
            await Task.Delay(batchDuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Decrement(ref _running);
            Timeline.Enqueue((DateTimeOffset.UtcNow, $"consumer job {instanceJobId} stopped with the client"));
            throw;
        }
        return true;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
