using River.IntegrationTests.Infrastructure;
using River.Testing;

namespace River.IntegrationTests.Database;

public sealed class MigratorEdgeCaseTests
{
    [Fact]
    public async Task Database_from_a_newer_River_is_left_alone_up_and_refused_down()
    {
        await using var db = await TestDatabases.CreateAsync();
        await Sql.ExecuteAsync(db.DataSource, "INSERT INTO river_migration (line, version) VALUES ('main', 8)");
        var migrator = new RiverMigrator(db.DataSource);

        var status = await migrator.GetStatusAsync();
        Assert.Equal(8, status.CurrentVersion);
        Assert.Empty(status.Pending);
        Assert.True((await migrator.ValidateAsync()).IsValid);
        Assert.Empty((await migrator.MigrateUpAsync()).Runs);

        var e = await Assert.ThrowsAsync<RiverMigrationException>(() => migrator.MigrateDownAsync());
        Assert.Contains("at version 8, newer than the latest version this River.Typed knows (7)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_migration_lines_are_ignored_and_block_going_below_version_5()
    {
        await using var db = await TestDatabases.CreateAsync();
        await Sql.ExecuteAsync(db.DataSource, "INSERT INTO river_migration (line, version) VALUES ('workflow', 1)");
        var migrator = new RiverMigrator(db.DataSource);
        Assert.Equal(7, (await migrator.GetStatusAsync()).CurrentVersion);
        await migrator.MigrateDownAsync(new MigrationRunOptions { Line = RiverMigrator.TypedLine, TargetVersion = 0 });

        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => migrator.MigrateDownAsync(new MigrationRunOptions { TargetVersion = 4 }));
        Assert.Contains("lines other than 'main'", e.MessageText, StringComparison.Ordinal);
        Assert.Equal(5, (await migrator.GetStatusAsync()).CurrentVersion);
    }

    [Fact]
    public async Task Missing_versions_in_the_middle_are_reported_pending()
    {
        await using var db = await TestDatabases.CreateAsync();
        await Sql.ExecuteAsync(db.DataSource, "DELETE FROM river_migration WHERE version = 3");
        var validation = await new RiverMigrator(db.DataSource).ValidateAsync();
        Assert.False(validation.IsValid);
        Assert.Equal([3], validation.Status.Pending.Select(p => p.Version));
    }
}
