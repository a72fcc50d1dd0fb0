using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Hosting;

/// <summary><c>AddRiver(IConfiguration)</c>: every option and the queues bound; bad keys and values reported at start.</summary>
public sealed class ConfigurationBindingTests : RuntimeTestBase
{
    private static IConfigurationSection Section(params (string Key, string Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("River:" + v.Key, v.Value)))
            .Build()
            .GetSection("River");

    private static RiverClientOptions Resolve(IConfigurationSection section, Action<RiverClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddRiver(section, configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RiverClientOptions>>().Value;
    }

    private static OptionsValidationException Fails(IConfigurationSection section)
    {
        var services = new ServiceCollection();
        services.AddRiver(section);
        using var provider = services.BuildServiceProvider();
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RiverClientOptions>>().Value);
    }

    [Fact]
    public void Binds_scalars_queues_and_maintenance()
    {
        var options = Resolve(Section(
            ("ConnectionString", "postgres://app@db.example:6543/jobs"),
            ("Schema", "jobs"),
            ("ClientId", "web-1"),
            ("JobTimeout", "00:02:00"),
            ("MaxAttempts", "5"),
            ("FetchCooldown", "00:00:00.050"),
            ("FetchPollInterval", "00:00:02"),
            ("PollOnly", "true"),
            ("PrepareStatements", "false"),
            ("Queues:default:MaxWorkers", "10"),
            ("Queues:mail:MaxWorkers", "5"),
            ("Queues:mail:FetchPollInterval", "00:00:05"),
            ("Maintenance:RescueStuckJobsAfter", "02:00:00"),
            ("Maintenance:ReindexerSchedule", "0 3 * * *"),
            ("Maintenance:ReindexerIndexes:0", "river_job_args_index")));

        Assert.Equal(("jobs", "web-1", TimeSpan.FromMinutes(2), 5), (options.Schema, options.ClientId, options.JobTimeout, options.MaxAttempts));
        Assert.Equal((TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2)), (options.FetchCooldown, options.FetchPollInterval));
        Assert.True(options.PollOnly);
        Assert.False(options.PrepareStatements);
        Assert.Equal(["default", "mail"], options.Queues.Select(q => q.Name).Order(StringComparer.Ordinal));
        Assert.True(options.Queues.TryGet("mail", out var mail));
        Assert.Equal(new QueueConfig { Name = "mail", MaxWorkers = 5, FetchPollInterval = TimeSpan.FromSeconds(5) }, mail);
        Assert.Equal(TimeSpan.FromHours(2), options.Maintenance.RescueStuckJobsAfter);
        Assert.NotNull(options.Maintenance.ReindexerSchedule);
        Assert.Equal(["river_job_args_index"], options.Maintenance.ReindexerIndexes);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.DataSource!.ConnectionString);
        Assert.Equal(("db.example", 6543, "jobs"), (builder.Host, builder.Port, builder.Database));
    }

    [Fact]
    public void Code_runs_after_the_section_and_wins()
    {
        var options = Resolve(Section(("ConnectionString", "Host=localhost"), ("MaxAttempts", "5")), o => o.MaxAttempts = 7);
        Assert.Equal(7, options.MaxAttempts);
    }

    [Fact]
    public void An_unknown_key_fails_the_start_naming_it()
    {
        var e = Fails(Section(("ConnectionString", "Host=localhost"), ("Queus:mail:MaxWorkers", "5")));
        var failure = Assert.Single(e.Failures);
        Assert.Contains("'Queus'", failure, StringComparison.Ordinal);
        Assert.Contains("River", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_does_not_convert_fails_the_start_naming_its_path()
    {
        var e = Fails(Section(("ConnectionString", "Host=localhost"), ("Queues:mail:MaxWorkers", "many")));
        Assert.Contains(e.Failures, f => f.Contains("River:Queues:mail:MaxWorkers", StringComparison.Ordinal));
    }

    [Fact]
    public void A_queue_without_MaxWorkers_is_reported_with_the_fix()
    {
        var e = Fails(Section(("ConnectionString", "Host=localhost"), ("Queues:mail:FetchPollInterval", "00:00:05")));
        Assert.Contains(e.Failures, f => f.Contains("Queues:mail has no MaxWorkers", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_values_get_the_same_messages_as_options_set_in_code()
    {
        var fromConfig = Fails(Section(("ConnectionString", "Host=localhost"), ("MaxAttempts", "0"), ("Queues:mail:MaxWorkers", "0"), ("Schema", "")));
        var services = new ServiceCollection();
        services.AddRiver("Host=localhost", o => { o.MaxAttempts = 0; o.Queues.Add("mail", 0); o.Schema = ""; });
        using var provider = services.BuildServiceProvider();
        var fromCode = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RiverClientOptions>>().Value);
        Assert.Equal(fromCode.Failures, fromConfig.Failures);
        Assert.Equal(3, fromConfig.Failures.Count());
    }

    [Fact]
    public void A_bad_address_is_reported_without_the_password()
    {
        var e = Fails(Section(("ConnectionString", "mysql://u:secret@host/db")));
        Assert.Contains(e.Failures, f => f.StartsWith("ConnectionString:", StringComparison.Ordinal) && f.Contains("postgres://", StringComparison.Ordinal));
        Assert.DoesNotContain(e.Failures, f => f.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_configured_from_a_section_works_its_queues()
    {
        Defs.EnsureRegistered();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["River:ConnectionString"] = ConnectionString,
            ["River:FetchPollInterval"] = "00:00:00.200",
            ["River:Queues:default:MaxWorkers"] = "2",
        });
        var worker = new ScriptWorker();
        builder.Services.AddRiver(builder.Configuration.GetSection("River")).AddWorker(Defs.Script, _ => worker);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<IRiverInserter>().InsertAsync(new ScriptArgs("ok"));
            await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
