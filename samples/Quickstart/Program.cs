using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quickstart;
using River;

// The quickstart: migrate, start a client in a generic host, insert jobs (one in its own transaction, one inside an
// application transaction that commits, one in a transaction that rolls back), work them, print what happened.
// The database: DATABASE_URL (a postgres:// URL or a connection string). ./demo.sh sets it to a throwaway PostgreSQL
// it starts when you have none; the app itself never starts a server (River.Testing is a test package).
var url = Environment.GetEnvironmentVariable("DATABASE_URL");
if (string.IsNullOrWhiteSpace(url))
{
    Console.Error.WriteLine("error: set DATABASE_URL to a postgres:// URL or a connection string (./demo.sh starts a throwaway PostgreSQL for you)");
    return 2;
}
var connectionString = DatabaseUrl.ToConnectionString(url);
await using var dataSource = NpgsqlDataSource.Create(connectionString);

var migrations = await new RiverMigrator(dataSource).MigrateUpAllLinesAsync();
Console.WriteLine($"migrated: {migrations.Sum(m => m.Runs.Count)} version(s) applied; River schema at version {migrations[0].VersionAfter}");
await using (var cmd = dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS quickstart_order (id bigint PRIMARY KEY, amount numeric NOT NULL)"))
{
    await cmd.ExecuteNonQueryAsync();
}

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<Outcomes>();
builder.Services.AddRiver(options =>
{
    options.DataSource = dataSource;
    options.Queues.Add("default", maxWorkers: 10);
    options.Queues.Add("mail", maxWorkers: 5);
    options.FetchPollInterval = TimeSpan.FromMilliseconds(500);
}).AddRiverJobsFromThisAssembly();

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<RiverClient>();
var outcomes = host.Services.GetRequiredService<Outcomes>();

// 1. A job in its own transaction.
var email = await client.InsertAsync(new WelcomeEmail("ada@example.com", "Ada"));
Console.WriteLine($"inserted job {email.Job.Id} ({email.Job.Kind}) in queue '{email.Job.Queue}'");

// 2. An order and its invoice job in one application transaction that commits: both exist.
await using (var connection = await dataSource.OpenConnectionAsync())
await using (var tx = await connection.BeginTransactionAsync())
{
    await using (var order = new NpgsqlCommand("INSERT INTO quickstart_order (id, amount) VALUES (42, 99.90) ON CONFLICT DO NOTHING", connection, tx))
    {
        await order.ExecuteNonQueryAsync();
    }
    var invoice = await client.InsertAsync(new GenerateInvoice(42, 99.90m), tx);
    await tx.CommitAsync();
    Console.WriteLine($"inserted job {invoice.Job.Id} ({invoice.Job.Kind}) with order 42 in one transaction: committed");
}

// 3. The same in a transaction that rolls back: neither the order nor the job exists.
await using (var connection = await dataSource.OpenConnectionAsync())
await using (var tx = await connection.BeginTransactionAsync())
{
    var ghost = await client.InsertAsync(new GenerateInvoice(43, 10m), tx);
    await tx.RollbackAsync();
    Console.WriteLine($"inserted job {ghost.Job.Id} ({ghost.Job.Kind}) in a transaction that rolled back");
}
var ghostExists = await client.GetJobAsync(email.Job.Id + 2) is not null;
Console.WriteLine($"rolled-back job exists afterwards: {ghostExists}");

await outcomes.AllDone.WaitAsync(TimeSpan.FromSeconds(60));
await host.StopAsync();

Console.WriteLine("final states:");
await using (var cmd = dataSource.CreateCommand("SELECT id, kind, state::text, attempt, coalesce(metadata->>'output', '') FROM river_job ORDER BY id"))
await using (var reader = await cmd.ExecuteReaderAsync())
{
    while (await reader.ReadAsync())
    {
        Console.WriteLine($"  job {reader.GetInt64(0)} {reader.GetString(1),-26} {reader.GetString(2),-10} attempts={reader.GetInt16(3)} {reader.GetString(4)}");
    }
}
if (ghostExists)
{
    Console.Error.WriteLine("error: the rolled-back job exists");
    return 1;
}
Console.WriteLine("quickstart done");
return 0;
