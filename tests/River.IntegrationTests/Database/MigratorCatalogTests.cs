using Npgsql;
using River.IntegrationTests.Infrastructure;
using River.Testing;

namespace River.IntegrationTests.Database;

/// <summary>The catalog after every version, up and down, equals River's (the shared vN.txt files).</summary>
public sealed class MigratorCatalogTests
{
    public static TheoryData<string?> Schemas => new() { null, "river_alt" };

    [Theory]
    [MemberData(nameof(Schemas))]
    public async Task Every_version_up_and_down_matches_Rivers_catalog(string? schema)
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var catalogSchema = await PrepareSchemaAsync(db.DataSource, schema);
        var migrator = new RiverMigrator(db.DataSource, new RiverMigratorOptions { Schema = schema });

        for (var version = 1; version <= RiverMigrator.LatestVersion; version++)
        {
            var result = await migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = version });
            Assert.Equal(version, Assert.Single(result.Runs).Version);
            Assert.Equal(version, result.VersionAfter);
            await Catalog.AssertAtVersionAsync(db.DataSource, version, catalogSchema);
        }

        for (var version = RiverMigrator.LatestVersion; version >= 2; version--)
        {
            var result = await migrator.MigrateDownAsync();
            Assert.Equal(version, Assert.Single(result.Runs).Version);
            Assert.Equal(version - 1, result.VersionAfter);
            await Catalog.AssertAtVersionAsync(db.DataSource, version - 1, catalogSchema);
        }

        await migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 0 });
        Assert.Empty(await Catalog.RiverObjectsAsync(db.DataSource, catalogSchema));

        // Round trip: all the way up again in one call.
        var again = await migrator.MigrateUpAsync();
        Assert.Equal(Enumerable.Range(1, RiverMigrator.LatestVersion), again.Runs.Select(r => r.Version));
        await Catalog.AssertAtVersionAsync(db.DataSource, RiverMigrator.LatestVersion, catalogSchema);
    }

    [Fact]
    public async Task Another_schema_leaves_public_untouched()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        await PrepareSchemaAsync(db.DataSource, "jobs");
        await new RiverMigrator(db.DataSource, new RiverMigratorOptions { Schema = "jobs" }).MigrateUpAsync();

        Assert.Empty(await Catalog.RiverObjectsAsync(db.DataSource, "public"));
        await Catalog.AssertAtVersionAsync(db.DataSource, RiverMigrator.LatestVersion, "jobs");
        var status = await new RiverMigrator(db.DataSource, new RiverMigratorOptions { Schema = "jobs" }).GetStatusAsync();
        Assert.Equal(RiverMigrator.LatestVersion, status.CurrentVersion);
        var publicStatus = await new RiverMigrator(db.DataSource).GetStatusAsync();
        Assert.Equal(0, publicStatus.CurrentVersion);
    }

    private static async Task<string> PrepareSchemaAsync(NpgsqlDataSource dataSource, string? schema)
    {
        if (schema is null)
        {
            return "public";
        }

        await Sql.ExecuteAsync(dataSource, $"CREATE SCHEMA {schema}");
        return schema;
    }
}
