using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using River;
using River.TestWorker;

// The reliability suite's worker process: one RiverClient in a generic host (so SIGTERM takes the host's graceful
// path), configured by arguments / RTW_* variables (see WorkerSettings), working `reliability.record` jobs that record
// each attempt in reliability_execution. Logs go to stdout, one line each ("warn: …", "fail: …"); lines starting
// with "@@ " are for the tests: "@@ started <client id>", "@@ status …", "@@ leader-term …", "@@ stopped".
WorkerSettings settings;
try
{
    settings = WorkerSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 2;
}

var connection = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(settings.DatabaseUrl))
{
    ApplicationName = settings.ClientId,
};
await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.ColorBehavior = Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Disabled;
    o.TimestampFormat = "HH:mm:ss.fff ";
    o.UseUtcTimestamp = true;
});
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(dataSource);
builder.Services.AddSingleton<ExecutionRecorder>();
builder.Services.AddSingleton<FlowRunRecorder>();
builder.Services.AddHostedService<StatusReporter>();
builder.Services.AddRiver(o =>
{
    o.DataSource = dataSource;
    o.ClientId = settings.ClientId;
    foreach (var (name, workers) in settings.Queues)
    {
        o.Queues.Add(name, workers);
    }
    o.JobTimeout = settings.JobTimeout;
    o.FetchPollInterval = settings.PollInterval;
    o.FetchCooldown = settings.FetchCooldown;
    o.PollOnly = settings.PollOnly;
    if (settings.Flow)
    {
        FlowDeclarations.Declare(o.Flow);
    }
    o.Maintenance.StartJitter = TimeSpan.Zero;
    if (settings.RescueAfter is { } rescueAfter)
    {
        o.Maintenance.RescueStuckJobsAfter = rescueAfter;
    }
    if (settings.RescuerInterval is { } rescuerInterval)
    {
        o.Maintenance.RescuerInterval = rescuerInterval;
    }
    if (settings.SchedulerInterval is { } schedulerInterval)
    {
        o.Maintenance.SchedulerInterval = schedulerInterval;
    }
    if (settings.LeaderInterval is { } leaderInterval)
    {
        o.LeaderElectInterval = leaderInterval;
    }
    if (settings.LeaderTtl is { } leaderTtl)
    {
        o.LeaderTtl = leaderTtl;
    }
    if (settings.HeartbeatInterval is { } heartbeatInterval)
    {
        o.HeartbeatInterval = heartbeatInterval;
    }
    if (settings.HeartbeatTtl is { } heartbeatTtl)
    {
        o.HeartbeatTtl = heartbeatTtl;
    }
}).AddRiverJobsFromThisAssembly();

using var host = builder.Build();
await host.StartAsync();
Console.Out.WriteLine("@@ started " + settings.ClientId);
await host.WaitForShutdownAsync();
Console.Out.WriteLine("@@ stopped " + settings.ClientId);
return 0;
