using River.IntegrationTests.Infrastructure;
using River.Testing;

namespace River.IntegrationTests.Database;

/// <summary>A database River itself migrated to version 7 is recognised, and ours is indistinguishable from it.</summary>
public sealed class RiverDatabaseCompatibilityTests
{
    private static string RiverV7Layout =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Database", "TestData", "river_v7_layout.sql"));

    [Fact]
    public async Task Database_migrated_by_River_is_recognised_as_version_7()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        await Sql.ExecuteAsync(db.DataSource, RiverV7Layout);
        await Catalog.AssertAtVersionAsync(db.DataSource, 7);

        var migrator = new RiverMigrator(db.DataSource);
        var status = await migrator.GetStatusAsync();
        Assert.Equal(7, status.CurrentVersion);
        Assert.Empty(status.Pending);
        Assert.Equal(["main"], (await migrator.ValidateAsync()).Lines.Where(l => l.IsUpToDate).Select(l => l.Line)); // line typed: not yet
        Assert.Empty((await migrator.MigrateUpAsync()).Runs);

        // River.Typed's line goes on top without touching River's objects.
        await migrator.MigrateUpAsync(new MigrationRunOptions { Line = RiverMigrator.TypedLine });
        Assert.True((await migrator.ValidateAsync()).IsValid);
        await Catalog.AssertAtVersionAsync(db.DataSource, 7);
        await migrator.MigrateDownAsync(new MigrationRunOptions { Line = RiverMigrator.TypedLine, TargetVersion = 0 });

        // And it can be taken down and up again by us.
        await migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 0 });
        Assert.Empty(await Catalog.RiverObjectsAsync(db.DataSource));
        await migrator.MigrateUpAsync();
        await Catalog.AssertAtVersionAsync(db.DataSource, 7);
    }

    [Fact]
    public async Task Our_database_has_the_same_catalog_and_rows_as_Rivers()
    {
        await using var ours = await TestDatabases.CreateAsync(migrated: false);
        await new RiverMigrator(ours.DataSource).MigrateUpAsync();
        await using var rivers = await TestDatabases.CreateAsync(migrated: false);
        await Sql.ExecuteAsync(rivers.DataSource, RiverV7Layout);

        Assert.Equal(await Catalog.ReadAsync(rivers.DataSource), await Catalog.ReadAsync(ours.DataSource));
        const string rows = "SELECT line || ':' || version FROM river_migration ORDER BY line, version";
        Assert.Equal(await Sql.ColumnAsync(rivers.DataSource, rows), await Sql.ColumnAsync(ours.DataSource, rows));

        // Constraint names too (River's tools and error messages refer to them).
        const string constraints = "SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint WHERE conrelid::regclass::text LIKE 'river%' ORDER BY 1";
        Assert.Equal(await Sql.ColumnAsync(rivers.DataSource, constraints), await Sql.ColumnAsync(ours.DataSource, constraints));
    }
}

/// <summary>A database older River Go releases migrated (version 6) is refused with what to run and which River Go versions can share it.</summary>
public sealed class RiverVersion6DatabaseTests
{
    [Fact]
    public async Task A_version_6_database_is_refused_naming_the_migration_and_the_minimum_River_Go_version()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        await new RiverMigrator(db.DataSource).MigrateUpAsync(new MigrationRunOptions { TargetVersion = 6 });
        await using var client = new RiverClient(new RiverClientOptions { DataSource = db.DataSource });

        var e = await Assert.ThrowsAsync<RiverStartupException>(() => client.StartAsync());
        Assert.Contains("at version 6, but River.Typed needs version 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("river migrate-up", e.Message, StringComparison.Ordinal);
        Assert.Contains("River Go clients sharing this database must then be v0.40.0 or later", e.Message, StringComparison.Ordinal);
    }
}
