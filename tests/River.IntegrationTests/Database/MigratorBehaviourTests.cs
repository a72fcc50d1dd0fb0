using River.IntegrationTests.Infrastructure;
using River.Testing;

namespace River.IntegrationTests.Database;

public sealed class MigratorBehaviourTests
{
    [Fact]
    public async Task Up_again_is_a_no_op()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);
        var first = await migrator.MigrateUpAsync();
        Assert.Equal(0, first.VersionBefore);
        Assert.Equal(RiverMigrator.LatestVersion, first.VersionAfter);
        Assert.All(first.Runs, r => Assert.True(r.Duration > TimeSpan.Zero));

        var second = await migrator.MigrateUpAsync();
        Assert.Empty(second.Runs);
        Assert.Equal(RiverMigrator.LatestVersion, second.VersionBefore);
        Assert.Equal(RiverMigrator.LatestVersion, second.VersionAfter);

        var toLower = await migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = 3 });
        Assert.Empty(toLower.Runs);
    }

    [Fact]
    public async Task Rows_in_river_migration_have_Rivers_shape_per_version()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);

        await migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = 4 });
        Assert.Equal(["created_at", "id", "version"], await Sql.ColumnAsync(db.DataSource,
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'river_migration' ORDER BY 1"));
        Assert.Equal(["1", "2", "3", "4"], await Sql.ColumnAsync(db.DataSource, "SELECT version FROM river_migration ORDER BY version"));

        await migrator.MigrateUpAsync();
        Assert.Equal(
            Enumerable.Range(1, RiverMigrator.LatestVersion).Select(v => $"main:{v}"),
            await Sql.ColumnAsync(db.DataSource, "SELECT line || ':' || version FROM river_migration ORDER BY version"));

        await migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 3 });
        Assert.Equal(["1", "2", "3"], await Sql.ColumnAsync(db.DataSource, "SELECT version FROM river_migration ORDER BY version"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(db.DataSource,
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'river_migration' AND column_name = 'line'"));
    }

    [Fact]
    public async Task Jobs_survive_migrating_up_from_version_2()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);
        await migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = 2 });
        await Sql.ExecuteAsync(db.DataSource, "INSERT INTO river_job (kind, max_attempts) VALUES ('old_job', 3)");

        await migrator.MigrateUpAsync();

        Assert.Equal(["old_job|{}|{}|3"], await Sql.ColumnAsync(db.DataSource,
            "SELECT kind || '|' || args::text || '|' || tags::text || '|' || max_attempts FROM river_job"));
    }

    [Fact]
    public async Task Down_without_target_reverts_one_step_and_to_zero_removes_everything()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);
        await migrator.MigrateUpAsync();

        var oneStep = await migrator.MigrateDownAsync();
        Assert.Equal(RiverMigrator.LatestVersion, Assert.Single(oneStep.Runs).Version);
        Assert.Equal(RiverMigrator.LatestVersion - 1, (await migrator.GetStatusAsync()).CurrentVersion);

        var all = await migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 0 });
        Assert.Equal(Enumerable.Range(1, RiverMigrator.LatestVersion - 1).Reverse(), all.Runs.Select(r => r.Version));
        Assert.Empty(await Catalog.RiverObjectsAsync(db.DataSource));
        Assert.Equal(0, (await migrator.GetStatusAsync()).CurrentVersion);

        var nothing = await migrator.MigrateDownAsync();
        Assert.Empty(nothing.Runs);
    }

    [Fact]
    public async Task Dry_run_changes_nothing_and_lists_the_sql()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);
        var plan = await migrator.MigrateUpAsync(new MigrationRunOptions { DryRun = true, TargetVersion = 5 });
        Assert.True(plan.DryRun);
        Assert.Equal([1, 2, 3, 4, 5], plan.Runs.Select(r => r.Version));
        Assert.Equal(5, plan.VersionAfter);
        Assert.Contains("CREATE TABLE river_migration", plan.Runs[0].Sql, StringComparison.Ordinal);
        Assert.Empty(await Catalog.RiverObjectsAsync(db.DataSource));

        await migrator.MigrateUpAsync();
        var downPlan = await migrator.MigrateDownAsync(new MigrationRunOptions { DryRun = true, TargetVersion = 5 });
        Assert.Equal([7, 6], downPlan.Runs.Select(r => r.Version));
        Assert.Equal(5, downPlan.VersionAfter);
        Assert.Equal(RiverMigrator.LatestVersion, (await migrator.GetStatusAsync()).CurrentVersion);
    }

    [Fact]
    public async Task Validate_reports_pending_versions()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);
        var empty = await migrator.ValidateAsync();
        Assert.False(empty.IsValid);
        Assert.Equal(2, empty.Messages.Count); // one per line
        Assert.All(empty.Messages, m => Assert.Contains("not installed", m, StringComparison.Ordinal));

        await migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = 5 });
        var partial = await migrator.ValidateAsync();
        Assert.False(partial.IsValid);
        Assert.Contains("in line 'main': version(s) 6, 7", partial.Messages[0], StringComparison.Ordinal);

        await migrator.MigrateUpAsync();
        Assert.Equal("typed", Assert.Single((await migrator.ValidateAsync()).Lines, l => !l.IsUpToDate).Line);
        await migrator.MigrateUpAllLinesAsync();
        Assert.True((await migrator.ValidateAsync()).IsValid);
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_version_once()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => new RiverMigrator(db.DataSource).MigrateUpAsync())));

        Assert.Equal(Enumerable.Range(1, RiverMigrator.LatestVersion), results.SelectMany(r => r.Runs).Select(r => r.Version).Order());
        Assert.All(results, r => Assert.Equal(RiverMigrator.LatestVersion, r.VersionAfter));
        await Catalog.AssertAtVersionAsync(db.DataSource, RiverMigrator.LatestVersion);
    }

    [Fact]
    public async Task Bad_requests_fail_with_a_message_naming_the_problem()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);

        var up = await Assert.ThrowsAsync<RiverMigrationException>(() => migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = 8 }));
        Assert.Equal("Unknown target version 8 of line 'main' for migrating up: versions 1 to 7 exist.", up.Message);
        var down = await Assert.ThrowsAsync<RiverMigrationException>(() => migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = -1 }));
        Assert.Contains("Unknown target version -1", down.Message, StringComparison.Ordinal);
        var sql = Assert.Throws<RiverMigrationException>(() => RiverMigrator.GetSql(0, RiverMigrationDirection.Up));
        Assert.Equal("Unknown migration version 0 of line 'main': versions 1 to 7 exist.", sql.Message);

        var missingSchema = await Assert.ThrowsAsync<RiverMigrationException>(
            () => new RiverMigrator(db.DataSource, new RiverMigratorOptions { Schema = "nowhere" }).MigrateUpAsync());
        Assert.Contains("Schema 'nowhere' does not exist", missingSchema.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Schema must not be empty (leave the schema unset to use the search_path)")]
    [InlineData("Jobs", "must start with a lower-case ASCII letter or underscore")]
    [InlineData("jobs-1", "contains '-' at index 4")]
    [InlineData("jobs\"; DROP TABLE x; --", "contains '\"' at index 4")]
    [InlineData("pg_jobs", "which PostgreSQL reserves")]
    [InlineData("a234567890123456789012345678901234567890123456", "46 characters")]
    public void Schema_names_are_validated(string schema, string expected)
    {
        if (schema.Length == 46)
        {
            // 46 characters are allowed; one more is not.
            Assert.NotNull(new RiverMigrator(Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1"), new RiverMigratorOptions { Schema = schema }));
            schema += "7";
            expected = "Schema must be at most 46 characters, got 47";
        }

        var e = Assert.Throws<RiverMigrationException>(() => RiverMigrator.GetSql(1, RiverMigrationDirection.Up, schema));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSql_substitutes_the_schema_everywhere()
    {
        foreach (var m in RiverMigrator.Migrations)
        {
            foreach (var direction in new[] { RiverMigrationDirection.Up, RiverMigrationDirection.Down })
            {
                var sql = RiverMigrator.GetSql(m.Version, direction, "jobs");
                Assert.DoesNotContain("TEMPLATE", sql, StringComparison.Ordinal);
                Assert.Contains("\"jobs\".river_", sql, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Down_below_version_4_refuses_while_jobs_are_pending()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);
        await migrator.MigrateUpAsync();
        await Sql.ExecuteAsync(db.DataSource, "INSERT INTO river_job (args, kind, state) VALUES ('{}', 'held', 'pending')");

        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 3 }));
        Assert.Contains("jobs in state 'pending'", e.MessageText, StringComparison.Ordinal);
        Assert.Equal(4, (await migrator.GetStatusAsync()).CurrentVersion);
    }
}
