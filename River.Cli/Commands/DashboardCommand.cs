using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using River.Dashboard;

namespace River.Cli.Commands;

/// <summary>
/// <c>river dashboard</c>: serves the River dashboard for a database on 127.0.0.1 (loopback only: the dashboard has no
/// authorization policy here, so it serves local callers only). Runs until Ctrl+C.
/// </summary>
internal static class DashboardCommand
{
    /// <summary>The port when none is given: 8090.</summary>
    public const int DefaultPort = 8090;

    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var port = new Option<int?>("--port") { Description = $"Port on 127.0.0.1 (default {DefaultPort}; 0 picks a free one)." };
        var readOnly = new Option<bool>("--read-only") { Description = "Hide and refuse every action (retry, cancel, delete, pause, resume)." };
        var command = new Command("dashboard", "Serve the River dashboard for a database on 127.0.0.1 (until Ctrl+C).") { url, schema, port, readOnly };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var chosen = parse.GetValue(port) ?? DefaultPort;
            if (chosen is < 0 or > 65535)
            {
                throw new CliException($"--port must be between 0 and 65535, got {chosen}.", ExitCodes.Usage);
            }
            await using var dataSource = db.CreateDataSource();
            var options = new RiverClientOptions { DataSource = dataSource };
            if (parse.GetValue(schema) is { } name)
            {
                options.Schema = name;
            }
            await using var client = new RiverClient(options);
            await using var app = Build(client, chosen, parse.GetValue(readOnly));
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://127.0.0.1:{chosen}";
            context.Out.WriteLine($"river dashboard: {db.Endpoint} at {address}/{(parse.GetValue(readOnly) ? " (read-only)" : "")}; Ctrl+C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>The standalone app: Kestrel on 127.0.0.1 only, the dashboard at the root.</summary>
    internal static WebApplication Build(RiverClient client, int port, bool readOnly)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [] });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRiverDashboard();
        var app = builder.Build();
        app.MapRiverDashboard("/", o =>
        {
            o.Client = client;
            o.ReadOnly = readOnly;
        });
        return app;
    }
}
