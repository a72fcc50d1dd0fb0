using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using River.Cli.Commands;
using River.Testing;

namespace River.Cli.Tests;

/// <summary><c>river dashboard</c> and <c>river bench-dashboard</c>.</summary>
public sealed class DashboardCommandTests
{
    [Fact]
    public async Task The_standalone_dashboard_binds_to_loopback_only_and_serves_read_only_when_asked()
    {
        await using var db = await TestDatabases.CreateAsync();
        await using var client = new RiverClient(new RiverClientOptions { DataSource = db.DataSource });
        await using var app = DashboardCommand.Build(client, 0, readOnly: true);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)), address.ToString());

        using var http = new HttpClient { BaseAddress = address };
        var overview = await http.GetStringAsync("/");
        Assert.Contains("Overview", overview, StringComparison.Ordinal);
        Assert.Contains("read-only", overview, StringComparison.Ordinal);
        Assert.DoesNotContain(db.ConnectionString, overview, StringComparison.Ordinal);
        var refused = await http.PostAsync("/jobs/action", new FormUrlEncodedContent([new("action", "retry"), new("id", "1")]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_port_out_of_range_is_a_usage_error()
    {
        var run = await CliHarness.RunAsync("dashboard", "--database-url", "postgres://nobody@127.0.0.1:1/none", "--port", "70000");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--port must be between 0 and 65535, got 70000", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_dashboard_seeds_and_times_every_page()
    {
        await using var db = await TestDatabases.CreateAsync();
        var run = await CliHarness.RunAsync("bench-dashboard", "--database-url", MigrateCommandsTests.ToUrl(db.ConnectionString), "--rows", "3000", "--iterations", "1");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        foreach (var page in new[] { "overview", "jobs by finalized", "job detail", "queues", "schedules", "action retry one job", "slowest page (server median)" })
        {
            Assert.Contains(page, run.Out, StringComparison.Ordinal);
        }
    }
}
