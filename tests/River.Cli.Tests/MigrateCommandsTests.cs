using Npgsql;
using River.Testing;

namespace River.Cli.Tests;

public sealed class MigrateCommandsTests
{
    [Fact]
    public async Task Up_validate_down_to_zero_validate()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var url = ToUrl(db.ConnectionString);

        var typedLatest = RiverMigrator.LatestVersionOf(RiverMigrator.TypedLine);

        var up = await CliHarness.RunAsync("migrate-up", "--database-url", url);
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("applied main version 7", up.Out, StringComparison.Ordinal);
        Assert.Contains("line main at version 7\n", up.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"applied typed version {typedLatest}", up.Out, StringComparison.Ordinal);
        Assert.EndsWith($"line typed at version {typedLatest}\n", up.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.True(up.Out.IndexOf("applied main version 7", StringComparison.Ordinal) < up.Out.IndexOf("applied typed version 1", StringComparison.Ordinal), up.Out);
        Assert.Equal("", up.Error);

        var valid = await CliHarness.RunAsync("validate", "--database-url", url);
        Assert.Equal(0, valid.ExitCode);
        Assert.Equal(["ok: line main at version 7 (latest)", $"ok: line typed at version {typedLatest} (latest)"], valid.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var again = await CliHarness.RunAsync("migrate-up", "--database-url", url);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing to do: line main at version 7", again.Out, StringComparison.Ordinal);
        Assert.Contains($"nothing to do: line typed at version {typedLatest}", again.Out, StringComparison.Ordinal);

        var refused = await CliHarness.RunAsync("migrate-down", "--database-url", url, "--target-version", "0");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("revert it first with `river migrate-down --line typed --target-version 0`", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        Assert.Equal("", refused.Out); // refused before any step: nothing reverted

        var typedDown = await CliHarness.RunAsync("migrate-down", "--database-url", url, "--line", "typed", "--target-version", "0");
        Assert.Equal(0, typedDown.ExitCode);
        Assert.Contains("reverted typed version 1", typedDown.Out, StringComparison.Ordinal);

        var down = await CliHarness.RunAsync("migrate-down", "--database-url", url, "--target-version", "0");
        Assert.Equal(0, down.ExitCode);
        Assert.Contains("reverted main version 1", down.Out, StringComparison.Ordinal);
        Assert.Equal(0L, await CountRiverRelationsAsync(db.DataSource));

        var invalid = await CliHarness.RunAsync("validate", "--database-url", url);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal(2, invalid.ErrorLines.Length);
        Assert.Contains("River's schema is not installed: versions 1 to 7 are pending", invalid.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains($"migration line 'typed' is not installed: versions 1 to {typedLatest} are pending", invalid.ErrorLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_url_comes_from_the_environment_and_schema_and_target_are_honoured()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        await using (var command = db.DataSource.CreateCommand("CREATE SCHEMA jobs"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var env = new Dictionary<string, string> { ["DATABASE_URL"] = db.ConnectionString };
        var up = await CliHarness.RunWithEnvironmentAsync(env, "migrate-up", "--schema", "jobs", "--target-version", "3");
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("line main at version 3", up.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("typed", up.Out, StringComparison.Ordinal);

        var list = await CliHarness.RunWithEnvironmentAsync(env, "migrate-list", "--schema", "jobs");
        Assert.Equal(0, list.ExitCode);
        var lines = list.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + RiverMigrator.LatestVersion + RiverMigrator.LatestVersionOf(RiverMigrator.TypedLine), lines.Length);
        Assert.Matches(@"^main\s+3\s+applied\s+\d{4}-", lines[3]);
        Assert.Matches(@"^main\s+4\s+pending\s+-", lines[4]);
        Assert.Matches(@"^typed\s+1\s+pending\s+-", lines[8]);

        var early = await CliHarness.RunWithEnvironmentAsync(env, "migrate-up", "--schema", "jobs", "--line", "typed");
        Assert.Equal(2, early.ExitCode);
        Assert.Contains("needs River's line 'main' at version 5 or later in schema 'jobs'", Assert.Single(early.ErrorLines), StringComparison.Ordinal);

        var typedOnly = await CliHarness.RunWithEnvironmentAsync(env, "migrate-list", "--schema", "jobs", "--line", "typed");
        Assert.Equal(1 + RiverMigrator.LatestVersionOf(RiverMigrator.TypedLine), typedOnly.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var publicValidate = await CliHarness.RunWithEnvironmentAsync(env, "validate");
        Assert.Equal(1, publicValidate.ExitCode);

        var oneDown = await CliHarness.RunWithEnvironmentAsync(env, "migrate-down", "--schema", "jobs");
        Assert.Equal(0, oneDown.ExitCode);
        Assert.Contains("line main at version 2", oneDown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_prints_sql_and_changes_nothing()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var run = await CliHarness.RunAsync("migrate-up", "--database-url", db.ConnectionString, "--dry-run");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CREATE TABLE river_notification", run.Out, StringComparison.Ordinal);
        Assert.Contains("dry run: 7 version(s) of line main would be applied", run.Out, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE river_typed_fence", run.Out, StringComparison.Ordinal);
        Assert.Contains($"dry run: {RiverMigrator.LatestVersionOf(RiverMigrator.TypedLine)} version(s) of line typed would be applied", run.Out, StringComparison.Ordinal);
        Assert.Equal(0L, await CountRiverRelationsAsync(db.DataSource));
    }

    private static async Task<long> CountRiverRelationsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM pg_class WHERE relname LIKE 'river%'");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static string ToUrl(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgres://{Uri.EscapeDataString(b.Username!)}@{b.Host}:{b.Port}/{b.Database}";
    }
}
