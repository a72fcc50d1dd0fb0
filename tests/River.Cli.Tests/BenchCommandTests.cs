using System.Text.Json;
using River.Cli.Bench;
using River.Testing;

namespace River.Cli.Tests;

/// <summary>Smoke tests of <c>river bench</c> with tiny runs: every mode ends with its JSON summary and leaves the table as it says.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Burn_down_works_every_job_and_prints_the_json_summary_last()
    {
        await using var db = await TestDatabases.CreateAsync();
        var run = await CliHarness.RunAsync("bench", "--database-url", MigrateCommandsTests.ToUrl(db.ConnectionString), "-n", "300", "--workers", "50", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("summary: burn-down, 300 jobs", run.Out, StringComparison.Ordinal);
        using var json = LastLineJson(run.Out);
        var root = json.RootElement;
        Assert.Equal("burn-down", root.GetProperty("mode").GetString());
        Assert.Equal(300, root.GetProperty("jobs").GetInt64());
        Assert.True(root.GetProperty("insert_jobs_per_sec").GetDouble() > 0);
        Assert.True(root.GetProperty("work_jobs_per_sec").GetDouble() > 0);
        Assert.True(root.GetProperty("alloc_bytes_per_job").GetDouble() > 0);
        Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("latency_ms").ValueKind);

        await using var count = db.DataSource.CreateCommand(
            $"SELECT count(*) FILTER (WHERE state = 'completed'), count(*) FROM river_job WHERE kind = '{BenchJob.Kind}'");
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(300L, reader.GetInt64(0));
        Assert.Equal(300L, reader.GetInt64(1));
    }

    [Fact]
    public async Task A_workflow_burn_down_works_every_task_after_the_plain_one_and_reports_both_rates()
    {
        await using var db = await TestDatabases.CreateAsync();
        var run = await CliHarness.RunAsync("bench", "--database-url", MigrateCommandsTests.ToUrl(db.ConnectionString), "-n", "305", "--workflow", "10",
            "--workers", "50", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("workflow work:", run.Out, StringComparison.Ordinal);
        using var json = LastLineJson(run.Out);
        var root = json.RootElement;
        Assert.True(root.GetProperty("work_jobs_per_sec").GetDouble() > 0);
        var workflow = root.GetProperty("workflow");
        Assert.Equal(10, workflow.GetProperty("tasks_per_workflow").GetInt32());
        Assert.Equal(30, workflow.GetProperty("workflows").GetInt64());
        Assert.True(workflow.GetProperty("work_tasks_per_sec").GetDouble() > 0);
        Assert.True(workflow.GetProperty("work_ratio_to_plain").GetDouble() > 0);

        // The table holds the workflow half: 30 finished workflows of 10 completed tasks, each released once.
        await using var count = db.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM river_job WHERE state = 'completed' AND metadata ? 'workflow_id'),
                   (SELECT count(*) FROM river_job),
                   (SELECT count(*) FROM river_typed_workflow WHERE finished_at IS NOT NULL),
                   (SELECT count(*) FROM river_typed_workflow_edge WHERE NOT satisfied)
            """);
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((300L, 300L, 30L, 0L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
    }

    [Fact]
    public async Task Latency_mode_reports_ordered_percentiles_for_every_job()
    {
        await using var db = await TestDatabases.CreateAsync();
        var run = await CliHarness.RunAsync("bench", "--database-url", MigrateCommandsTests.ToUrl(db.ConnectionString),
            "--rate", "40", "--duration", "1s", "--workers", "10", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = LastLineJson(run.Out);
        var root = json.RootElement;
        Assert.Equal("latency", root.GetProperty("mode").GetString());
        Assert.Equal(40, root.GetProperty("jobs").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("work_jobs_per_sec").ValueKind);
        var latency = root.GetProperty("latency_ms");
        var (p50, p90, p99, max) = (latency.GetProperty("p50").GetDouble(), latency.GetProperty("p90").GetDouble(),
            latency.GetProperty("p99").GetDouble(), latency.GetProperty("max").GetDouble());
        Assert.True(0 <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max, $"{p50} {p90} {p99} {max}");
        Assert.Contains("(40 jobs)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continuous_mode_reports_a_sustained_rate()
    {
        await using var db = await TestDatabases.CreateAsync();
        var run = await CliHarness.RunAsync("bench", "--database-url", MigrateCommandsTests.ToUrl(db.ConnectionString),
            "--duration", "1s", "--workers", "20", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = LastLineJson(run.Out);
        Assert.Equal("continuous", json.RootElement.GetProperty("mode").GetString());
        Assert.True(json.RootElement.GetProperty("jobs").GetInt64() > 0);
        Assert.True(json.RootElement.GetProperty("work_jobs_per_sec").GetDouble() > 0);
    }

    [Fact]
    public async Task A_burn_down_in_worker_processes_over_several_queues_works_every_job_and_leaves_preloaded_rows_alone()
    {
        await using var db = await TestDatabases.CreateAsync();
        var charts = Directory.CreateTempSubdirectory("river-bench-charts-");
        try
        {
            var run = await CliHarness.RunAsync("bench", "--database-url", MigrateCommandsTests.ToUrl(db.ConnectionString),
                "-n", "400", "--workers", "30", "--processes", "2", "--queues", "3", "--preload-finalized", "500",
                "--preload-scheduled", "200", "--delete-completed", "--charts", charts.FullName, "--json");

            Assert.True(run.ExitCode == 0, run.Out + run.Error);
            using var json = LastLineJson(run.Out);
            var root = json.RootElement;
            Assert.Equal(400, root.GetProperty("jobs").GetInt64());
            Assert.True(root.GetProperty("fetches").GetInt64() >= 3, "each of the three queues was fetched at least once");
            var settings = root.GetProperty("settings");
            Assert.Equal((2, 3, true, 500L, 200L), (settings.GetProperty("processes").GetInt32(), settings.GetProperty("queues").GetInt32(),
                settings.GetProperty("delete_completed").GetBoolean(), settings.GetProperty("preload_finalized").GetInt64(),
                settings.GetProperty("preload_scheduled").GetInt64()));
            Assert.False(string.IsNullOrEmpty(root.GetProperty("environment").GetProperty("postgres").GetProperty("server_version").GetString()));
            var chart = Assert.Single(root.GetProperty("charts").EnumerateArray()).GetString()!;
            Assert.StartsWith("<?xml", await File.ReadAllTextAsync(chart), StringComparison.Ordinal);

            // Deleted on completion: no bench job is left; the preloaded rows are all still there, untouched.
            await using var count = db.DataSource.CreateCommand($"""
                SELECT count(*) FILTER (WHERE kind = '{BenchJob.Kind}'),
                       count(*) FILTER (WHERE kind = '{BenchDatabase.PreloadKind}' AND state = 'completed'),
                       count(*) FILTER (WHERE kind = '{BenchDatabase.PreloadKind}' AND state = 'scheduled')
                FROM river_job
                """);
            await using var reader = await count.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((0L, 500L, 200L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        finally
        {
            charts.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--queues", "0")]
    [InlineData("--processes", "65")]
    [InlineData("--processes", "2", "--duration", "1s")]
    [InlineData("--preload-finalized", "-1")]
    [InlineData("--preload-scheduled", "100000001")]
    [InlineData("--workflow", "1", "-n", "10")]
    [InlineData("--workflow", "10001", "-n", "20000")]
    [InlineData("--workflow", "20", "-n", "10")]
    [InlineData("--workflow", "5", "--duration", "1s")]
    [InlineData("--workflow", "5", "--processes", "2", "-n", "10")]
    public async Task Bad_scenario_options_are_usage_errors_that_name_the_option(params string[] args)
    {
        var run = await CliHarness.RunAsync(["bench", "--database-url", "postgres://nobody@127.0.0.1:1/none", .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(args[0], Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rate", "10")]
    [InlineData("-n", "5", "--duration", "1s")]
    [InlineData("-n", "0")]
    [InlineData("--duration", "soon")]
    [InlineData("--workers", "0", "-n", "5")]
    public async Task Bad_options_are_usage_errors_that_name_the_option(params string[] args)
    {
        var run = await CliHarness.RunAsync(["bench", "--database-url", "postgres://nobody@127.0.0.1:1/none", .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches("--rate|--duration|-n|--workers", line);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5", 1_500)]
    public void Durations_parse(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), BenchSettings.ParseDuration(text));

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var summary = LatencySummary.From([.. Enumerable.Range(1, 100).Select(i => (double)i).Reverse()])!;
        Assert.Equal((50.0, 90.0, 99.0, 100.0), (summary.P50, summary.P90, summary.P99, summary.Max));
        Assert.Null(LatencySummary.From([]));
    }

    private static JsonDocument LastLineJson(string output)
    {
        var last = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')[^1];
        return JsonDocument.Parse(last);
    }
}
