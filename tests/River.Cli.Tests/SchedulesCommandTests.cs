using River.Testing;

namespace River.Cli.Tests;

/// <summary><c>river schedules …</c> against a migrated database: the whole run-time life of one schedule.</summary>
public sealed class SchedulesCommandTests
{
    [Fact]
    public async Task Add_list_pause_trigger_resume_update_and_remove_a_schedule()
    {
        await using var db = await TestDatabases.CreateAsync();
        var url = MigrateCommandsTests.ToUrl(db.ConnectionString);
        async Task<CliHarness.Outcome> Run(params string[] args)
        {
            var run = await CliHarness.RunAsync(["schedules", .. args, "--database-url", url]);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run.Error}");
            return run;
        }

        Assert.Contains("no schedules", (await Run("list")).Out, StringComparison.Ordinal);
        var added = await Run("add", "reports.weekly", "--schedule", "0 6 * * 1", "--time-zone", "Europe/Berlin", "--kind", "reports.weekly", "--args", """{"days":7}""", "--queue", "reports");
        Assert.StartsWith("added: reports.weekly (0 6 * * 1 Europe/Berlin), next run ", added.Out, StringComparison.Ordinal);
        var list = (await Run("list")).Out;
        Assert.Contains("reports.weekly", list, StringComparison.Ordinal);
        Assert.Contains("runtime", list, StringComparison.Ordinal);
        Assert.Contains("active", list, StringComparison.Ordinal);
        Assert.Contains("paused", (await Run("pause", "reports.weekly")).Out, StringComparison.Ordinal);
        Assert.Contains("run requested", (await Run("trigger", "reports.weekly")).Out, StringComparison.Ordinal);
        Assert.StartsWith("resumed: ", (await Run("resume", "reports.weekly")).Out, StringComparison.Ordinal);
        Assert.StartsWith("updated: reports.weekly (@every 1h)", (await Run("update", "reports.weekly", "--schedule", "@every 1h", "--kind", "reports.weekly")).Out, StringComparison.Ordinal);
        Assert.Equal("removed: reports.weekly", (await Run("remove", "reports.weekly")).Out.Trim());
    }

    [Fact]
    public async Task Bad_input_names_the_problem()
    {
        await using var db = await TestDatabases.CreateAsync();
        var url = MigrateCommandsTests.ToUrl(db.ConnectionString);
        var badSchedule = await CliHarness.RunAsync("schedules", "add", "x.y", "--schedule", "@every 5", "--kind", "test.kind", "--database-url", url);
        Assert.Equal(ExitCodes.Usage, badSchedule.ExitCode);
        Assert.StartsWith("error: The schedule \"@every 5\" is invalid", badSchedule.Error, StringComparison.Ordinal);
        var badMisfire = await CliHarness.RunAsync("schedules", "add", "x.y", "--schedule", "@every 5m", "--kind", "test.kind", "--misfire", "often", "--database-url", url);
        Assert.Equal(ExitCodes.Usage, badMisfire.ExitCode);
        Assert.Contains("--misfire must be run-once, run-all or skip", badMisfire.Error, StringComparison.Ordinal);
        var missing = await CliHarness.RunAsync("schedules", "pause", "no.such", "--database-url", url);
        Assert.Equal(ExitCodes.ValidationFailed, missing.ExitCode);
        Assert.Contains("No schedule has id 'no.such'", missing.Error, StringComparison.Ordinal);
    }
}
