using Npgsql;
using River.Testing;

namespace River.Cli.Tests;

/// <summary>Every failure is one line on stderr with a non-zero exit code, no stack trace, never the password.</summary>
public sealed class ErrorMessagesTests
{
    [Theory]
    [InlineData("mysql://root@localhost/db", "invalid database URL: The database URL has scheme 'mysql'")]
    [InlineData("postgres://", "invalid database URL: The database URL is malformed")]
    [InlineData("just words", "invalid database URL: The database URL is neither a postgres:// URL nor a keyword=value connection string.")]
    [InlineData("postgres://u@h/db?color=blue", "parameter 'color', which is not supported")]
    public async Task Bad_url(string url, string expected)
    {
        var run = await CliHarness.RunAsync("validate", "--database-url", url);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_url()
    {
        var run = await CliHarness.RunAsync("migrate-up");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: no database given: pass --database-url or set DATABASE_URL", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Unreachable_server()
    {
        var run = await CliHarness.RunAsync("migrate-up", "--database-url", "postgres://postgres:topsecret@127.0.0.1:1/postgres");
        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: cannot connect to PostgreSQL at 127.0.0.1:1/postgres", line, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_versions()
    {
        var get = await CliHarness.RunAsync("migrate-get", "--version", "9", "--up");
        Assert.Equal(2, get.ExitCode);
        Assert.Equal("error: Unknown migration version 9 of line 'main': versions 1 to 7 exist.", Assert.Single(get.ErrorLines));

        var up = await CliHarness.RunAsync("migrate-up", "--database-url", "postgres://u@127.0.0.1:1/db", "--target-version", "8");
        Assert.Equal(2, up.ExitCode);
        Assert.Equal("error: Unknown target version 8 of line 'main' for migrating up: versions 1 to 7 exist.", Assert.Single(up.ErrorLines));

        var typedLatest = RiverMigrator.LatestVersionOf(RiverMigrator.TypedLine);
        var typed = await CliHarness.RunAsync("migrate-get", "--line", "typed", "--version", (typedLatest + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "--up");
        Assert.Equal(2, typed.ExitCode);
        Assert.Equal($"error: Unknown migration version {typedLatest + 1} of line 'typed': versions 1 to {typedLatest} exist.", Assert.Single(typed.ErrorLines));

        var line = await CliHarness.RunAsync("migrate-get", "--line", "mian", "--version", "1", "--up");
        Assert.Equal(2, line.ExitCode);
        Assert.Equal("error: Unknown migration line 'mian': the lines are 'main' and 'typed'.", Assert.Single(line.ErrorLines));

        var notNumber = await CliHarness.RunAsync("migrate-get", "--version", "seven", "--up");
        Assert.Equal(2, notNumber.ExitCode);
        Assert.Contains("'seven'", Assert.Single(notNumber.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors()
    {
        var both = await CliHarness.RunAsync("migrate-get", "--version", "1", "--up", "--down");
        Assert.Equal(2, both.ExitCode);
        Assert.Equal("error: migrate-get needs exactly one of --up or --down", Assert.Single(both.ErrorLines));

        var unknown = await CliHarness.RunAsync("migrate-sideways");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Single(unknown.ErrorLines);

        var schema = await CliHarness.RunAsync("migrate-get", "--version", "1", "--up", "--schema", "Bad-Name");
        Assert.Equal(2, schema.ExitCode);
        Assert.Contains("Invalid schema name: Schema \"Bad-Name\" must start with a lower-case ASCII letter", Assert.Single(schema.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_get_prints_the_sql()
    {
        var run = await CliHarness.RunAsync("migrate-get", "--version", "7", "--up", "--schema", "jobs");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CREATE TABLE \"jobs\".river_notification", run.Out, StringComparison.Ordinal);
        Assert.Equal(RiverMigrator.GetSql(7, RiverMigrationDirection.Up, "jobs").TrimEnd(), run.Out.TrimEnd());

        var typed = await CliHarness.RunAsync("migrate-get", "--line", "typed", "--version", "1", "--up", "--schema", "jobs");
        Assert.Equal(0, typed.ExitCode);
        Assert.Contains("CREATE TABLE \"jobs\".river_typed_client", typed.Out, StringComparison.Ordinal);
        Assert.Equal(RiverMigrator.GetSql(RiverMigrator.TypedLine, 1, RiverMigrationDirection.Up, "jobs").TrimEnd(), typed.Out.TrimEnd());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_database()
    {
        // A server of its own, so its authentication rules can require a password.
        await using var pg = await ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests());
        await using (var admin = NpgsqlDataSource.Create(pg.ConnectionString))
        {
            await using var create = admin.CreateCommand("CREATE ROLE app LOGIN PASSWORD 'right-password'");
            await create.ExecuteNonQueryAsync();
            var hba = Path.Combine(pg.DataDirectory, "pg_hba.conf");
            await File.WriteAllTextAsync(hba, "host all app 127.0.0.1/32 scram-sha-256\n" + await File.ReadAllTextAsync(hba));
            await using var reload = admin.CreateCommand("SELECT pg_reload_conf()");
            await reload.ExecuteNonQueryAsync();
        }

        var wrong = await CliHarness.RunAsync("validate", "--database-url", $"postgres://app:wrong-password@127.0.0.1:{pg.Port}/postgres");
        Assert.Equal(3, wrong.ExitCode);
        var line = Assert.Single(wrong.ErrorLines);
        Assert.StartsWith($"error: authentication failed at 127.0.0.1:{pg.Port}/postgres: password authentication failed for user \"app\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", wrong.Error + wrong.Out, StringComparison.Ordinal);

        var right = await CliHarness.RunAsync("validate", "--database-url", $"postgres://app:right-password@127.0.0.1:{pg.Port}/postgres");
        Assert.Equal(1, right.ExitCode);

        var noDb = await CliHarness.RunAsync("validate", "--database-url", $"postgres://postgres@127.0.0.1:{pg.Port}/no_such_db");
        Assert.Equal(3, noDb.ExitCode);
        Assert.Contains("database \"no_such_db\" does not exist", Assert.Single(noDb.ErrorLines), StringComparison.Ordinal);
    }
}
