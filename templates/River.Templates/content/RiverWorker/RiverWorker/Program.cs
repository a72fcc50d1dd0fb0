using Microsoft.Extensions.Diagnostics.HealthChecks;
using River;
using RiverWorker;
using RiverWorker.Jobs;

var builder = Host.CreateApplicationBuilder(args);

// The "River" section of appsettings.json: the database (a postgres:// URL or a connection string) and the queues
// this process works. Every key is validated when the host starts; an unknown key is reported.
builder.Services.AddRiver(builder.Configuration.GetSection("River")).AddRiverJobsFromThisAssembly();

// River's health check (healthy / degraded / unhealthy from the client's state plus a cheap database probe). A worker
// service has no HTTP endpoint, so HealthLogPublisher logs each report; an ASP.NET Core app would map it instead
// (app.MapHealthChecks("/health")).
builder.Services.AddHealthChecks().AddRiver();
builder.Services.AddSingleton<IHealthCheckPublisher, HealthLogPublisher>();

// The application's own services: the worker's dependency and the code that enqueues.
builder.Services.AddSingleton<IWelcomeSender, LoggingWelcomeSender>();
builder.Services.AddSingleton<Signups>();

using var host = builder.Build();
await host.RunAsync();
