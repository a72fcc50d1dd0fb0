using River.IntegrationTests.Infrastructure;
using River.Testing;

namespace River.IntegrationTests.Database;

/// <summary>Migrations keep every row of a table of realistic size (slow: run with ./test.sh --all).</summary>
[Trait("Category", "Slow")]
public sealed class MigratorDataVolumeTests
{
    private const int Jobs = 200_000;

    [Fact]
    public async Task Up_from_version_2_and_down_to_version_3_keep_every_job()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        var migrator = new RiverMigrator(db.DataSource);
        await migrator.MigrateUpAsync(new MigrationRunOptions { TargetVersion = 2 });
        await Sql.ExecuteAsync(db.DataSource,
            $"INSERT INTO river_job (kind, max_attempts, args, state, finalized_at) " +
            $"SELECT 'bulk', 5, CASE WHEN i % 2 = 0 THEN jsonb_build_object('i', i) END, " +
            $"(CASE WHEN i % 3 = 0 THEN 'completed' ELSE 'available' END)::river_job_state, CASE WHEN i % 3 = 0 THEN now() END " +
            $"FROM generate_series(1, {Jobs}) i");

        await migrator.MigrateUpAsync();
        Assert.Equal((long)Jobs, await Sql.ScalarAsync<long>(db.DataSource, "SELECT count(*) FROM river_job"));
        Assert.Equal((long)Jobs / 2, await Sql.ScalarAsync<long>(db.DataSource, "SELECT count(*) FROM river_job WHERE args = '{}'"));

        await migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 3 });
        Assert.Equal((long)Jobs / 3, await Sql.ScalarAsync<long>(db.DataSource, "SELECT count(*) FROM river_job WHERE state = 'completed'"));
        await Catalog.AssertAtVersionAsync(db.DataSource, 3);
    }
}
