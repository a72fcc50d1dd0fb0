using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OpenTelemetryConsole;
using River;

// Works a few jobs with River's traces (insert, work, complete) and metrics exported to the console.
// Uses DATABASE_URL; in a Debug build without it, a throwaway local PostgreSQL.
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

const int Jobs = 6;
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(new Done(Jobs));
builder.Services.AddOpenTelemetry()
    .ConfigureResource(r => r.AddService("river-otel-sample"))
    .WithTracing(t => t.AddSource(RiverDiagnostics.ActivitySourceName).AddConsoleExporter())
    .WithMetrics(m => m.AddMeter(RiverDiagnostics.MeterName).AddConsoleExporter((_, reader) =>
        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5_000));
builder.Services.AddRiver(options =>
{
    options.DataSource = dataSource;
    options.Queues.Add("default", maxWorkers: 4);
    options.FetchPollInterval = TimeSpan.FromMilliseconds(200);
}).AddRiverJobsFromThisAssembly();

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<RiverClient>();
await client.InsertManyAsync(Enumerable.Range(1, Jobs).Select(n => JobInsertRequest.Create(new Crunch(n))));
await host.Services.GetRequiredService<Done>().All.WaitAsync(TimeSpan.FromSeconds(60));
await Task.Delay(TimeSpan.FromSeconds(6)); // one more metric export
await host.StopAsync();
Console.WriteLine("otel sample done");
return 0;
