using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Diagnostics;

/// <summary><see cref="RiverClient.GetHealth"/> across the lifecycle, and <c>AddRiver</c> through the options pattern.</summary>
public sealed class HealthAndHostingTests : RuntimeTestBase
{
    [Fact]
    public async Task Health_reports_lifecycle_queues_and_running_jobs()
    {
        var worker = new ScriptWorker();
        var client = NewClient(o => { o.Queues.Add("default", 3); o.Queues.Add("idle", 2); o.Workers.Add(Defs.Script, _ => worker); });

        var before = client.GetHealth();
        Assert.False(before.Started);
        Assert.False(before.Healthy);
        Assert.Equal(client.ClientId, before.ClientId);
        Assert.Equal(["default", "idle"], before.Queues.Select(q => q.Name).Order(StringComparer.Ordinal));
        Assert.All(before.Queues, q => Assert.Equal(0, q.Running));

        await client.StartAsync();
        await client.InsertAsync(new ScriptArgs("block"));
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var running = client.GetHealth();
        Assert.True(running.Started);
        Assert.False(running.PollOnly);
        var queue = Assert.Single(running.Queues, q => q.Name == "default");
        Assert.Equal(new RiverQueueHealth("default", 1, 3, false), queue);
        Assert.Equal(new RiverQueueHealth("idle", 0, 2, false), Assert.Single(running.Queues, q => q.Name == "idle"));

        worker.Release.TrySetResult();
        await client.StopAsync();
        var after = client.GetHealth();
        Assert.False(after.Started);
        Assert.Equal(0, after.CompleterBacklog);
    }

    [Fact]
    public void Healthy_means_started_and_listening_or_poll_only()
    {
        var queues = Array.Empty<RiverQueueHealth>();
        Assert.True(new RiverHealth("c", true, false, NotifierState.Listening, false, 0, queues).Healthy);
        Assert.False(new RiverHealth("c", true, false, NotifierState.Reconnecting, false, 0, queues).Healthy);
        Assert.True(new RiverHealth("c", true, false, NotifierState.Stopped, true, 0, queues).Healthy);
        Assert.False(new RiverHealth("c", false, false, NotifierState.Stopped, true, 0, queues).Healthy);
    }

    [Fact]
    public async Task AddRiver_validates_options_when_the_host_starts_and_names_every_problem()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddRiver(o => { o.MaxAttempts = 0; o.Queues.Add("default", 0); });
        using var host = builder.Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(e.Failures, f => f.Contains("DataSource is required", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("MaxWorkers must be between 1", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("MaxAttempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddRiver_takes_the_data_source_from_the_container_and_applies_Configure_calls()
    {
        var services = new ServiceCollection();
        services.AddSingleton(DataSource);
        services.AddRiver(o => o.Queues.Add("default", 4)).AddWorker(Defs.Noop, _ => new CountingWorker(1));
        services.Configure<RiverClientOptions>(o => o.Schema = "public");
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<RiverClient>();
        Assert.Same(DataSource, client.Options.DataSource);
        Assert.Same(DataSource, client.Options.Services!.GetService<Npgsql.NpgsqlDataSource>()); // the application's container
        Assert.Contains("test.noop", client.Options.Workers.WorkedKinds);
        Assert.Equal(4, Assert.Single(client.Options.Queues).MaxWorkers);
    }

    [Fact]
    public void AddRiver_twice_is_refused_with_a_clear_error()
    {
        var services = new ServiceCollection();
        services.AddRiver(o => o.DataSource = DataSource);
        var e = Assert.Throws<InvalidOperationException>(() => services.AddRiver(o => o.DataSource = DataSource));
        Assert.Contains("AddRiver was already called", e.Message, StringComparison.Ordinal);
    }
}
