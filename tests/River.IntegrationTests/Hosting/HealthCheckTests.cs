using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Hosting;

/// <summary><c>AddHealthChecks().AddRiver()</c>: unhealthy before start and when the database stops answering River's probe.</summary>
public sealed class HealthCheckTests : RuntimeTestBase
{
    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddRiver(o =>
        {
            o.DataSource = DataSource;
            o.Queues.Add("default", 2);
        });
        builder.Services.AddHealthChecks().AddRiver(tags: ["ready"]);
        return builder.Build();
    }

    [Fact]
    public async Task Unhealthy_before_start_healthy_when_working_unhealthy_when_the_schema_is_gone()
    {
        using var host = BuildHost();
        var checks = host.Services.GetRequiredService<HealthCheckService>();

        var before = (await checks.CheckHealthAsync()).Entries["river"];
        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("not started", before.Description, StringComparison.Ordinal);

        await host.StartAsync();
        try
        {
            var working = (await checks.CheckHealthAsync()).Entries["river"];
            Assert.True(working.Status == HealthStatus.Healthy || working.Status == HealthStatus.Degraded, working.Description);
            Assert.Contains("ready", working.Tags);
            Assert.Equal("0/2 running", working.Data["queue:default"]);

            await using (var drop = DataSource.CreateCommand("DROP TABLE river_migration"))
            {
                await drop.ExecuteNonQueryAsync();
            }
            var broken = (await checks.CheckHealthAsync()).Entries["river"];
            Assert.Equal(HealthStatus.Unhealthy, broken.Status);
            Assert.Contains("river migrate-up", broken.Description, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void A_non_positive_probe_timeout_is_refused()
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => services.AddHealthChecks().AddRiver(probeTimeout: TimeSpan.Zero));
        Assert.Contains("positive", e.Message, StringComparison.Ordinal);
    }
}
