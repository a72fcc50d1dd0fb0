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

        var up = await CliHarness.RunAsync("migrate-up", "--database-url", url);
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("applied version 7", up.Out, StringComparison.Ordinal);
        Assert.EndsWith("database at version 7\n", up.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("", up.Error);

        var valid = await CliHarness.RunAsync("validate", "--database-url", url);
        Assert.Equal(0, valid.ExitCode);

        var again = await CliHarness.RunAsync("migrate-up", "--database-url", url);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("nothing to do: database at version 7", again.Out, StringComparison.Ordinal);

        var down = await CliHarness.RunAsync("migrate-down", "--database-url", url, "--target-version", "0");
        Assert.Equal(0, down.ExitCode);
        Assert.Contains("reverted version 1", down.Out, StringComparison.Ordinal);
        Assert.Equal(0L, await CountRiverRelationsAsync(db.DataSource));

        var invalid = await CliHarness.RunAsync("validate", "--database-url", url);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("versions 1 to 7 are pending", Assert.Single(invalid.ErrorLines), StringComparison.Ordinal);
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
        Assert.Contains("database at version 3", up.Out, StringComparison.Ordinal);

        var list = await CliHarness.RunWithEnvironmentAsync(env, "migrate-list", "--schema", "jobs");
        Assert.Equal(0, list.ExitCode);
        var lines = list.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        Assert.Matches(@"^3\s+applied\s+\d{4}-", lines[3]);
        Assert.Matches(@"^4\s+pending\s+-", lines[4]);

        var publicValidate = await CliHarness.RunWithEnvironmentAsync(env, "validate");
        Assert.Equal(1, publicValidate.ExitCode);

        var oneDown = await CliHarness.RunWithEnvironmentAsync(env, "migrate-down", "--schema", "jobs");
        Assert.Equal(0, oneDown.ExitCode);
        Assert.Contains("database at version 2", oneDown.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_prints_sql_and_changes_nothing()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var run = await CliHarness.RunAsync("migrate-up", "--database-url", db.ConnectionString, "--dry-run");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CREATE TABLE river_notification", run.Out, StringComparison.Ordinal);
        Assert.Contains("dry run: 7 version(s) would be applied", run.Out, StringComparison.Ordinal);
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
