using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using River.Generated;

namespace River.Runtime.Tests.Generated;

/// <summary>The periodic jobs the generator registers for this assembly's [PeriodicJob] types, with and without DI.</summary>
public sealed class PeriodicRegistrationTests
{
    private static readonly DateTimeOffset Noon = new(2024, 5, 17, 12, 0, 0, TimeSpan.Zero);

    private static IServiceCollection Services(out IRiverBuilder builder, Action<RiverClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        builder = services.AddRiver(o =>
        {
            o.DataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused");
            configure?.Invoke(o);
        });
        return services;
    }

    [Fact]
    public void The_registry_creates_one_periodic_job_per_constructible_PeriodicJob_type()
    {
        var jobs = RiverRuntimeTestsJobRegistry.CreatePeriodicJobs();
        Assert.Equal(["test.periodic_interval", "test.weekday_report"], jobs.Select(j => j.Id)); // sorted by args type name

        var interval = jobs[0];
        Assert.True(interval.RunOnStart);
        Assert.Equal(MisfirePolicy.RunOnce, interval.Misfire);
        Assert.Equal(PeriodicJob.DefaultMaxMisfireRuns, interval.MaxMisfireRuns);
        Assert.Equal(TimeSpan.FromSeconds(90), Assert.IsType<IntervalSchedule>(interval.Schedule).Interval);

        var cron = jobs[1];
        Assert.False(cron.RunOnStart);
        Assert.Equal(MisfirePolicy.RunAll, cron.Misfire);
        Assert.Equal(5, cron.MaxMisfireRuns);
        var schedule = Assert.IsType<CronSchedule>(cron.Schedule);
        Assert.Equal("30 2 * * 1-5", schedule.Expression);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"), schedule.TimeZone);
        Assert.Equal(new DateTimeOffset(2024, 5, 20, 0, 30, 0, TimeSpan.Zero), schedule.Next(Noon)); // Monday 02:30 CEST

        Assert.NotSame(interval, RiverRuntimeTestsJobRegistry.CreatePeriodicJobs()[0]);
    }

    [Fact]
    public void Each_firing_inserts_the_default_instance_with_the_kinds_declared_options()
    {
        var job = RiverRuntimeTestsJobRegistry.CreatePeriodicJobs().Single(j => j.Id == "test.periodic_interval");
        var insert = job.Constructor(new PeriodicJobContext(job.Id, Noon, Noon))!;
        Assert.Same(RiverRuntimeTestsJobRegistry.IntervalTick, insert.Definition);
        Assert.Equal("periodic", insert.Definition.Defaults.Queue);
        Assert.Equal("""{"round":7}""", Encoding.UTF8.GetString(insert.EncodedArgs.Span));
        Assert.Null(insert.Options);
    }

    [Fact]
    public void AddTo_registers_the_periodic_jobs_on_the_builder()
    {
        var builder = new FakeRiverBuilder();
        RiverRuntimeTestsJobRegistry.AddTo(builder);
        Assert.Equal(["test.periodic_interval", "test.weekday_report"], builder.PeriodicJobs.Select(j => j.Id));
    }

    [Fact]
    public void AddRiverJobsFromThisAssembly_puts_them_into_the_client_options()
    {
        var services = Services(out var builder);
        builder.AddRiverJobsFromThisAssembly();
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<RiverClientOptions>>().Value;
        Assert.True(options.PeriodicJobs.Contains("test.periodic_interval"));
        Assert.True(options.PeriodicJobs.Contains("test.weekday_report"));
        Assert.Equal(2, options.PeriodicJobs.Count);
        Assert.True(options.PeriodicJobs.Single(j => j.Id == "test.periodic_interval").RunOnStart);
    }

    [Fact]
    public void Periodic_jobs_added_in_the_options_callback_are_kept_alongside()
    {
        var services = Services(out var builder, o => o.PeriodicJobs.Add(PeriodicJob.Create("by_hand", new IntervalSchedule(TimeSpan.FromMinutes(5)), _ => new IntervalTick())));
        builder.AddRiverJobsFromThisAssembly();
        using var provider = services.BuildServiceProvider();
        Assert.Equal(["by_hand", "test.periodic_interval", "test.weekday_report"],
            provider.GetRequiredService<IOptions<RiverClientOptions>>().Value.PeriodicJobs.Select(j => j.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_duplicate_id_on_the_builder_is_refused_at_once()
    {
        Services(out var builder);
        builder.AddRiverJobsFromThisAssembly();
        var duplicate = PeriodicJob.Create("test.weekday_report", new IntervalSchedule(TimeSpan.FromHours(1)), _ => new WeekdayReport());
        var e = Assert.Throws<InvalidOperationException>(() => builder.AddPeriodicJob(duplicate));
        Assert.Contains("'test.weekday_report' is already registered", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_builder_id_that_clashes_with_one_added_in_the_options_fails_when_the_options_are_built()
    {
        var services = Services(out var builder, o => o.PeriodicJobs.Add(PeriodicJob.Create("test.periodic_interval", new IntervalSchedule(TimeSpan.FromHours(1)), _ => new IntervalTick())));
        builder.AddRiverJobsFromThisAssembly();
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<RiverClientOptions>>().Value);
        Assert.Contains("'test.periodic_interval' is registered twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_DI_the_generated_extension_adds_them_to_the_options()
    {
        var options = new RiverClientOptions();
        Assert.Same(options.PeriodicJobs, options.PeriodicJobs.AddPeriodicJobsFromThisAssembly());
        Assert.Equal(["test.periodic_interval", "test.weekday_report"], options.PeriodicJobs.Select(j => j.Id).Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentException>(() => options.PeriodicJobs.AddPeriodicJobsFromThisAssembly()); // same ids again
    }

    [Theory]
    [InlineData("not a cron", "the schedule \"not a cron\" is invalid")]
    [InlineData("@every 10ms", "the schedule \"@every 10ms\" is invalid")]
    [InlineData("61 * * * *", "the schedule \"61 * * * *\" is invalid")]
    [InlineData("", "the schedule \"\" is invalid")]
    public void An_invalid_schedule_fails_registration_naming_the_type_kind_and_schedule(string schedule, string expected)
    {
        var e = Assert.Throws<FormatException>(() => PeriodicJob.FromAttribute(RiverRuntimeTestsJobRegistry.IntervalTick, new PeriodicJobAttribute(schedule), () => new IntervalTick()));
        Assert.StartsWith("[PeriodicJob] on 'River.Runtime.Tests.Generated.IntervalTick' (kind 'test.periodic_interval'): ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_time_zone_fails_registration_naming_it()
    {
        var e = Assert.Throws<FormatException>(() => PeriodicJob.FromAttribute(RiverRuntimeTestsJobRegistry.IntervalTick,
            new PeriodicJobAttribute("0 3 * * *") { TimeZone = "Mars/Olympus_Mons" }, () => new IntervalTick()));
        Assert.Contains("(kind 'test.periodic_interval'): the time zone \"Mars/Olympus_Mons\" is not known", e.Message, StringComparison.Ordinal);
        Assert.IsType<TimeZoneNotFoundException>(e.InnerException);
    }

    [Fact]
    public void An_invalid_id_fails_registration_naming_the_type()
    {
        var e = Assert.Throws<ArgumentException>(() => PeriodicJob.FromAttribute(RiverRuntimeTestsJobRegistry.IntervalTick,
            new PeriodicJobAttribute("@every 1h") { Id = "has space" }, () => new IntervalTick()));
        Assert.Contains("[PeriodicJob] on 'River.Runtime.Tests.Generated.IntervalTick' (kind 'test.periodic_interval'): Periodic job id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_id_defaults_to_the_kind_and_the_time_zone_to_UTC()
    {
        var job = PeriodicJob.FromAttribute(RiverRuntimeTestsJobRegistry.IntervalTick, new PeriodicJobAttribute("0 3 * * *"), () => new IntervalTick());
        Assert.Equal("test.periodic_interval", job.Id);
        Assert.Equal(TimeZoneInfo.Utc, Assert.IsType<CronSchedule>(job.Schedule).TimeZone);
        Assert.False(job.RunOnStart);
    }
}
