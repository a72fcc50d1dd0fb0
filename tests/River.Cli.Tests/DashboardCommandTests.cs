using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using River.Cli.Bench;
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
        var run = await CliHarness.RunAsync("bench-dashboard", "--database-url", MigrateCommandsTests.ToUrl(db.ConnectionString), "--rows", "3000", "--iterations", "1",
            "--clients", "40", "--schedules", "300", "--workflows", "30");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        foreach (var page in new[]
        {
            "overview", "jobs by finalized", "job detail", "queues", "clients", "jobs running on a client", "schedules", "schedules, middle page",
            "action retry one job", "action pause/resume sched.", "action trigger schedule", "seeded 40 clients and 300 schedules", "slowest page (server median)",
            "limits", "limits, one sequence", "workflows", "workflows page 2", "workflows state=failed", "workflow (graph)", "action set limit",
            "action retry workflow", "action cancel workflow", "seeded 4 flow limits, sequence keys on 1 in 50 waiting jobs (up to 500 keys) and 30 workflows",
        })
        {
            Assert.Contains(page, run.Out, StringComparison.Ordinal);
        }
        // The seeded clients and schedules are in line typed's tables, and a second run replaces them instead of failing.
        await using var count = db.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM river_typed_client), (SELECT count(*) FROM river_typed_schedule), (SELECT count(*) FROM river_typed_workflow),
                   (SELECT count(*) FROM river_typed_workflow_task), (SELECT count(*) FROM river_typed_workflow_edge), (SELECT count(*) FROM river_typed_flow_limit)
            """);
        await using (var reader = await count.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(40, reader.GetInt64(0));
            Assert.Equal(300, reader.GetInt64(1));
            Assert.Equal(30, reader.GetInt64(2));
            Assert.Equal(30 * 4, reader.GetInt64(3));
            Assert.Equal(30 * 4, reader.GetInt64(4));
            Assert.Equal(4, reader.GetInt64(5));
        }
        // The seeded workflows' tasks and edges hang together: the one the bench retried waits to run again.
        await using (var client = new RiverClient(new RiverClientOptions { DataSource = db.DataSource }))
        {
            var retried = (await client.GetWorkflowAsync(DashboardBench.FlowPrefix + "000001"))!;
            Assert.Equal(4, retried.Tasks.Count);
            Assert.Equal(["task1"], retried.Tasks.Single(t => t.Name == "task2").DependsOn);
            Assert.Equal(JobState.Available, retried.Tasks.Single(t => t.Name == "task1").Job.State);
            Assert.Null(retried.FinishedAt);
        }
        var again = await CliHarness.RunAsync("bench-dashboard", "--database-url", MigrateCommandsTests.ToUrl(db.ConnectionString), "--no-seed", "--iterations", "1",
            "--clients", "20", "--schedules", "10", "--workflows", "12");
        Assert.True(again.ExitCode == 0, again.Error + again.Out);
    }
}
