using AotApp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using River;

// The NativeAOT sample: migrates, starts River in a generic host, inserts jobs (one, many, one in a transaction) and
// waits until they are worked (one retries once). Needs DATABASE_URL (postgres://user:pass@host:port/db) or a
// connection string as the first argument. Exit code 0 when every job completed.
var url = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("DATABASE_URL");
if (string.IsNullOrWhiteSpace(url))
{
    Console.Error.WriteLine("error: set DATABASE_URL (postgres://user:pass@host:port/db) or pass a connection string");
    return 2;
}
var connectionString = url.Contains("://", StringComparison.Ordinal) ? DatabaseUrl.ToConnectionString(url) : url;
await using var dataSource = NpgsqlDataSource.Create(connectionString);

var migrations = await new RiverMigrator(dataSource).MigrateUpAllLinesAsync();
Console.WriteLine($"schema at version {migrations[0].VersionAfter} ({migrations.Sum(m => m.Runs.Count)} migration(s) applied)");

const int Resizes = 20;
var progress = new Progress(Resizes + 2);
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(progress);
builder.Services.AddRiver(options =>
{
    options.DataSource = dataSource;
    options.Queues.Add("default", maxWorkers: 4);
    options.Queues.Add("media", maxWorkers: 8);
    options.FetchPollInterval = TimeSpan.FromMilliseconds(200);
}).AddRiverJobsFromThisAssembly();

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<RiverClient>();

var single = await client.InsertAsync(new ResizeImage("cover.png", 800, 600));
Console.WriteLine($"inserted job {single.Job.Id} ({single.Job.Kind}) in queue {single.Job.Queue}");

var many = await client.InsertManyAsync(Enumerable.Range(1, Resizes - 1)
    .Select(i => JobInsertRequest.Create(new ResizeImage($"photo-{i}.jpg", 320, 240))));
Console.WriteLine($"inserted {many.Count} jobs in one statement");

await using (var connection = await dataSource.OpenConnectionAsync())
await using (var tx = await connection.BeginTransactionAsync())
{
    var receipt = await client.InsertAsync(new SendReceipt(7, "ada@example.com", ["book", "pen"]), tx);
    await tx.CommitAsync();
    Console.WriteLine($"inserted job {receipt.Job.Id} ({receipt.Job.Kind}) in an application transaction");
}
// A rolled-back insert leaves nothing behind (and so is never worked).
await using (var connection = await dataSource.OpenConnectionAsync())
await using (var tx = await connection.BeginTransactionAsync())
{
    await client.InsertAsync(new SendReceipt(8, "nobody@example.com", []), tx);
    await tx.RollbackAsync();
}
// The second receipt: counted by Progress, so the run waits for both the retry and this one.
await client.InsertAsync(new SendReceipt(9, "grace@example.com", ["lamp"]));

var finished = await Task.WhenAny(progress.AllDone, Task.Delay(TimeSpan.FromSeconds(90)));
var health = client.GetHealth();
await host.StopAsync();
if (finished != progress.AllDone)
{
    Console.Error.WriteLine("error: jobs were not worked within 90 s");
    return 1;
}
Console.WriteLine($"health while running: leader={health.IsLeader} notifier={health.Notifier} backlog={health.CompleterBacklog}");
Console.WriteLine("aot sample done: all jobs worked");
return 0;
