using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace River.IntegrationTests.Maintenance;

/// <summary>Declared only by attribute: the generated registration gives it to the leader, which inserts it on start.</summary>
[JobArgs("it.attribute_periodic", Queue = "attr_periodic")]
[PeriodicJob("@every 1h", RunOnStart = true)]
public sealed record AttributePeriodicArgs(string Origin = "attribute default");

/// <summary>What the worker saw, awaited by the test.</summary>
public sealed class AttributePeriodicSignal
{
    public TaskCompletionSource<Job<AttributePeriodicArgs>> Worked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class AttributePeriodicWorker(AttributePeriodicSignal signal) : Worker<AttributePeriodicArgs>
{
    public override Task WorkAsync(Job<AttributePeriodicArgs> job, CancellationToken cancellationToken)
    {
        signal.Worked.TrySetResult(job);
        return Task.CompletedTask;
    }
}

public sealed class AttributePeriodicJobTests : MaintenanceTestBase
{
    [Fact]
    public async Task A_RunOnStart_periodic_job_declared_by_attribute_is_inserted_by_the_leader_and_worked()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(DataSource);
        builder.Services.AddSingleton<AttributePeriodicSignal>();
        builder.Services.AddRiver(o =>
        {
            o.Queues.Add("attr_periodic", 2);
            o.Maintenance.StartJitter = TimeSpan.Zero;
            o.FetchPollInterval = TimeSpan.FromMilliseconds(200);
        }).AddRiverJobsFromThisAssembly();
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<RiverClient>();
        var periodic = Assert.Single(client.Options.PeriodicJobs); // nothing registered by hand: only the attribute
        Assert.Equal(("it.attribute_periodic", true), (periodic.Id, periodic.RunOnStart));
        var outcome = WaitForOutcomesAsync(client, 1);

        await host.StartAsync();
        var job = await host.Services.GetRequiredService<AttributePeriodicSignal>().Worked.Task.WaitAsync(Wait);
        await outcome;
        await host.StopAsync();

        Assert.Equal("attribute default", job.Args.Origin);
        Assert.Equal("attr_periodic", job.Queue);
        using (var metadata = JsonDocument.Parse(job.Row.Metadata))
        {
            Assert.True(metadata.RootElement.GetProperty("periodic").GetBoolean());
            Assert.Equal("it.attribute_periodic", metadata.RootElement.GetProperty("river:periodic_job_id").GetString());
        }
        Assert.Equal(JobState.Completed, (await GetAsync(client, job.Id)).State);
        Assert.Equal(1, await CountAsync("kind = 'it.attribute_periodic'"));
    }
}
