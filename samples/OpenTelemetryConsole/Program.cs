using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OpenTelemetryConsole;
using River;
using River.Testing;

// Works a few jobs with River's traces (insert, work, complete) and metrics exported to the console.
// Uses DATABASE_URL when set, else a throwaway PostgreSQL.
var url = Environment.GetEnvironmentVariable("DATABASE_URL");
await using var throwaway = string.IsNullOrWhiteSpace(url) ? await ThrowawayPostgres.StartAsync() : null;
await using var dataSource = NpgsqlDataSource.Create(throwaway?.ConnectionString ?? DatabaseUrl.ToConnectionString(url!));
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
