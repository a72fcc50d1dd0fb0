using River.Maintenance;

namespace River.Runtime.Tests.Maintenance;

public sealed class MaintenanceOptionsTests
{
    [Fact]
    public void Defaults_follow_River()
    {
        var o = new MaintenanceOptions();
        Assert.Equal(TimeSpan.FromSeconds(5), o.SchedulerInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), o.RescuerInterval);
        Assert.Equal(TimeSpan.FromHours(1), o.RescueStuckJobsAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), o.JobCleanerInterval);
        Assert.Equal(TimeSpan.FromHours(24), o.CompletedJobRetention);
        Assert.Equal(TimeSpan.FromHours(24), o.CancelledJobRetention);
        Assert.Equal(TimeSpan.FromDays(7), o.DiscardedJobRetention);
        Assert.Equal(10_000, o.JobCleanerBatchSize);
        Assert.Equal(TimeSpan.FromHours(1), o.QueueCleanerInterval);
        Assert.Equal(TimeSpan.FromHours(24), o.QueueRetention);
        Assert.Equal(["river_job_args_index", "river_job_metadata_index"], o.ReindexerIndexes);
        Assert.True(o.ReindexerEnabled);
        o.Validate();
    }

    [Fact]
    public void Every_invalid_setting_is_named()
    {
        var o = new MaintenanceOptions
        {
            StartJitter = TimeSpan.FromSeconds(-1),
            SchedulerInterval = TimeSpan.Zero,
            RescuerBatchSize = 0,
            DiscardedJobRetention = TimeSpan.FromDays(-1),
            ReindexerIndexes = ["", new string('x', 57)],
            ReindexerTimeout = TimeSpan.Zero,
        };
        var e = Assert.Throws<RiverConfigurationException>(o.Validate);
        Assert.Contains(e.Problems, p => p.StartsWith("Maintenance.StartJitter must not be negative", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("Maintenance.SchedulerInterval must be positive", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("Maintenance.RescuerBatchSize must be at least 1", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("Maintenance.DiscardedJobRetention must not be negative", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("Maintenance.ReindexerTimeout must be positive", StringComparison.Ordinal));
        Assert.Equal(2, e.Problems.Count(p => p.StartsWith("Maintenance.ReindexerIndexes", StringComparison.Ordinal)));
        Assert.Equal(7, e.Problems.Count);
    }

    [Fact]
    public void Null_retentions_and_an_infinite_reindex_timeout_are_valid()
    {
        new MaintenanceOptions
        {
            CompletedJobRetention = null, CancelledJobRetention = null, DiscardedJobRetention = null,
            ReindexerTimeout = Timeout.InfiniteTimeSpan,
        }.Validate();
    }

    [Fact]
    public void Client_options_validation_includes_maintenance()
    {
        var options = new RiverClientOptions { DataSource = Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1") };
        options.Maintenance.QueueCleanerBatchSize = -5;
        var e = Assert.Throws<RiverConfigurationException>(options.Validate);
        Assert.Equal("Maintenance.QueueCleanerBatchSize must be at least 1, got -5.", Assert.Single(e.Problems));
    }

    [Theory]
    [InlineData("2024-05-17T13:47:12Z", "2024-05-18T00:00:00Z")]
    [InlineData("2024-05-17T00:00:00Z", "2024-05-18T00:00:00Z")]
    [InlineData("2024-02-28T23:59:59Z", "2024-02-29T00:00:00Z")]
    [InlineData("2024-12-31T12:00:00Z", "2025-01-01T00:00:00Z")]
    [InlineData("2024-05-17T23:30:00-02:00", "2024-05-19T00:00:00Z")]
    public void The_default_reindex_schedule_is_every_midnight_UTC_strictly_after(string after, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            Reindexer.DailyAtMidnightUtc.Instance.Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
