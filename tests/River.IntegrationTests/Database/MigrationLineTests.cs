using Npgsql;
using River.IntegrationTests.Infrastructure;
using River.Testing;

namespace River.IntegrationTests.Database;

/// <summary>
/// River.Typed's migration line <c>typed</c> beside River's <c>main</c>: applied by the same migrator, recorded under its
/// own line, every object named river_typed_*, line main's catalog unchanged. Written for any number of typed
/// versions (the catalog's latest), so versions added by other branches need no change here.
/// </summary>
public sealed class MigrationLineTests
{
    private static int TypedLatest => RiverMigrator.LatestVersionOf(RiverMigrator.TypedLine);

    [Fact]
    public void Line_typed_is_contiguous_named_and_its_sql_is_filled()
    {
        Assert.Equal(["main", "typed"], RiverMigrator.Lines);
        var typed = RiverMigrator.MigrationsOf(RiverMigrator.TypedLine);
        Assert.True(typed.Count >= 1);
        Assert.Equal(Enumerable.Range(1, typed.Count), typed.Select(m => m.Version));
        Assert.All(typed, m => Assert.Equal("typed", m.Line));
        Assert.All(typed, m => Assert.False(string.IsNullOrWhiteSpace(m.Name)));
        Assert.All(RiverMigrator.Migrations, m => Assert.Equal("main", m.Line));
        Assert.Equal(RiverMigrator.LatestVersion, RiverMigrator.LatestVersionOf(RiverMigrator.Line));
        foreach (var m in typed)
        {
            foreach (var direction in new[] { RiverMigrationDirection.Up, RiverMigrationDirection.Down })
            {
                var sql = RiverMigrator.GetSql(RiverMigrator.TypedLine, m.Version, direction, "jobs");
                Assert.DoesNotContain("/* TEMPLATE", sql, StringComparison.Ordinal);
                Assert.Contains("\"jobs\".river_typed_", sql, StringComparison.Ordinal);
            }
        }

        var unknown = Assert.Throws<RiverMigrationException>(() => RiverMigrator.GetSql(RiverMigrator.TypedLine, TypedLatest + 1, RiverMigrationDirection.Up));
        Assert.Equal($"Unknown migration version {TypedLatest + 1} of line 'typed': versions 1 to {TypedLatest} exist.", unknown.Message);
        var line = Assert.Throws<RiverMigrationException>(() => RiverMigrator.MigrationsOf("Typed"));
        Assert.Equal("Unknown migration line 'Typed': the lines are 'main' and 'typed'.", line.Message);
    }

    [Fact]
    public async Task Migrate_up_all_lines_applies_main_then_typed_and_leaves_mains_catalog_as_Rivers()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);

        var results = await migrator.MigrateUpAllLinesAsync();
        Assert.Equal(["main", "typed"], results.Select(r => r.Line));
        Assert.Equal(RiverMigrator.LatestVersion, results[0].VersionAfter);
        Assert.Equal(TypedLatest, results[1].VersionAfter);
        Assert.All(results[1].Runs, r => Assert.Equal("typed", r.Line));
        Assert.Equal(Enumerable.Range(1, TypedLatest), results[1].Runs.Select(r => r.Version));

        var rows = await ReadMigrationRowsAsync(db.DataSource);
        Assert.Equal(Enumerable.Range(1, RiverMigrator.LatestVersion).Select(v => $"main:{v}").Concat(Enumerable.Range(1, TypedLatest).Select(v => $"typed:{v}")), rows);
        await Catalog.AssertAtVersionAsync(db.DataSource, RiverMigrator.LatestVersion);
        Assert.NotEmpty(await Catalog.ReadTypedAsync(db.DataSource));
        Assert.All(await Catalog.RiverObjectsAsync(db.DataSource), name =>
            Assert.True(!name.StartsWith("river_typed", StringComparison.Ordinal) || name.StartsWith(Catalog.TypedMarker, StringComparison.Ordinal), name));

        var validation = await migrator.ValidateAsync();
        Assert.True(validation.IsValid, string.Join("; ", validation.Messages));
        Assert.Equal(["main", "typed"], validation.Lines.Select(l => l.Line));
        Assert.Equal(TypedLatest, validation.Lines[1].CurrentVersion);

        var again = await migrator.MigrateUpAllLinesAsync();
        Assert.All(again, r => Assert.Empty(r.Runs));
    }

    [Fact]
    public async Task Line_typed_goes_up_and_down_version_by_version_and_removes_only_its_objects()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        await new RiverMigrator(db.DataSource).MigrateUpAsync();
        var typed = new RiverMigrator(db.DataSource, new RiverMigratorOptions { Line = RiverMigrator.TypedLine });
        Assert.Equal("typed", typed.SelectedLine);
        var mainCatalog = await Catalog.ReadAsync(db.DataSource);

        for (var version = 1; version <= TypedLatest; version++)
        {
            var step = await typed.MigrateUpAsync(new MigrationRunOptions { TargetVersion = version });
            Assert.Equal(version, Assert.Single(step.Runs).Version);
            Assert.Equal(version, (await typed.GetStatusAsync()).CurrentVersion);
        }

        for (var version = TypedLatest; version >= 1; version--)
        {
            var step = await typed.MigrateDownAsync();
            Assert.Equal(version, Assert.Single(step.Runs).Version);
            Assert.Equal("typed", step.Line);
        }

        Assert.Empty(await Catalog.ReadTypedAsync(db.DataSource));
        Assert.Equal(mainCatalog, await Catalog.ReadAsync(db.DataSource));
        Assert.Equal(RiverMigrator.LatestVersion, (await typed.GetStatusAsync(RiverMigrator.Line)).CurrentVersion);
        Assert.Equal(Enumerable.Range(1, RiverMigrator.LatestVersion).Select(v => $"main:{v}"), await ReadMigrationRowsAsync(db.DataSource));

        var validation = await typed.ValidateAsync();
        Assert.False(validation.IsValid);
        Assert.Equal($"River.Typed's migration line 'typed' is not installed: versions 1 to {TypedLatest} are pending; run `river migrate-up` (applies every line).", Assert.Single(validation.Messages));
    }

    [Fact]
    public async Task Lines_keep_their_order_typed_needs_main_5_and_main_cannot_go_below_5_under_typed()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);
        var typedOnly = new MigrationRunOptions { Line = RiverMigrator.TypedLine };

        var none = await Assert.ThrowsAsync<RiverMigrationException>(() => migrator.MigrateUpAsync(typedOnly));
        Assert.Equal("Line 'typed' needs River's line 'main' at version 5 or later (river_migration with its line column): run `river migrate-up` (applies main, then typed) or RiverMigrator.MigrateUpAllLinesAsync.", none.Message);
        await migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = 4 });
        await Assert.ThrowsAsync<RiverMigrationException>(() => migrator.MigrateUpAsync(typedOnly));
        Assert.Equal(0, (await migrator.GetStatusAsync(RiverMigrator.TypedLine)).CurrentVersion);

        await migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = 5 });
        await migrator.MigrateUpAsync(typedOnly);
        Assert.Equal(TypedLatest, (await migrator.GetStatusAsync(RiverMigrator.TypedLine)).CurrentVersion);
        Assert.Equal(5, (await migrator.GetStatusAsync()).CurrentVersion);

        var below = await Assert.ThrowsAsync<RiverMigrationException>(() => migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 4 }));
        Assert.Equal($"Line 'main' cannot go below version 5 while line 'typed' is at version {TypedLatest}: revert it first with `river migrate-down --line typed --target-version 0`.", below.Message);
        Assert.Equal(5, (await migrator.GetStatusAsync()).CurrentVersion);

        await migrator.MigrateDownAsync(new MigrationRunOptions { Line = RiverMigrator.TypedLine, TargetVersion = 0 });
        await migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 0 });
        Assert.Empty(await Catalog.RiverObjectsAsync(db.DataSource));
    }

    [Fact]
    public async Task Bad_line_options_are_refused_with_the_fix()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var ctor = Assert.Throws<RiverMigrationException>(() => new RiverMigrator(db.DataSource, new RiverMigratorOptions { Line = "pro" }));
        Assert.Equal("Unknown migration line 'pro': the lines are 'main' and 'typed'.", ctor.Message);

        var migrator = new RiverMigrator(db.DataSource);
        var target = await Assert.ThrowsAsync<RiverMigrationException>(() => migrator.MigrateUpAllLinesAsync(new MigrationRunOptions { TargetVersion = 3 }));
        Assert.Contains("A target version belongs to one line", target.Message, StringComparison.Ordinal);
        var typedTarget = await Assert.ThrowsAsync<RiverMigrationException>(() => migrator.MigrateUpAsync(new MigrationRunOptions { Line = "typed", TargetVersion = TypedLatest + 1 }));
        Assert.Equal($"Unknown target version {TypedLatest + 1} of line 'typed' for migrating up: versions 1 to {TypedLatest} exist.", typedTarget.Message);
    }

    [Fact]
    public async Task Dry_run_of_all_lines_changes_nothing_and_lists_both()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var plan = await new RiverMigrator(db.DataSource).MigrateUpAllLinesAsync(new MigrationRunOptions { DryRun = true });
        Assert.Equal(RiverMigrator.LatestVersion, plan[0].Runs.Count);
        Assert.Equal(TypedLatest, plan[1].Runs.Count);
        Assert.All(plan, r => Assert.True(r.DryRun));
        Assert.Empty(await Catalog.RiverObjectsAsync(db.DataSource));
    }

    [Fact]
    public async Task A_River_only_reader_of_line_main_sees_Rivers_rows()
    {
        // What River Go's migrator reads (its line only): unaffected by line typed's rows.
        await using var db = await TestDatabases.CreateAsync();
        var versions = await Sql.ScalarAsync<long>(db.DataSource, "SELECT max(version) FROM river_migration WHERE line = 'main'");
        Assert.Equal(RiverMigrator.LatestVersion, versions);
        Assert.Equal((long)TypedLatest, await Sql.ScalarAsync<long>(db.DataSource, "SELECT count(*) FROM river_migration WHERE line = 'typed'"));
    }

    private static async Task<List<string>> ReadMigrationRowsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT line || ':' || version FROM river_migration ORDER BY line, version");
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
