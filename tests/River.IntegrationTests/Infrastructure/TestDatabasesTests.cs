using Npgsql;
using River.Testing;

namespace River.IntegrationTests.Infrastructure;

public sealed class TestDatabasesTests
{
    [Fact]
    public async Task Migrated_database_is_at_the_latest_version()
    {
        await using var db = await TestDatabases.CreateAsync();
        Assert.StartsWith("river_test_", db.Name, StringComparison.Ordinal);
        var validation = await new RiverMigrator(db.DataSource).ValidateAsync();
        Assert.True(validation.IsValid, string.Join("; ", validation.Messages));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(db.DataSource, "SELECT count(*) FROM river_job"));
    }

    [Fact]
    public async Task Empty_database_has_no_river_objects()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        Assert.False(db.IsMigrated);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(db.DataSource, "SELECT count(*) FROM pg_class WHERE relname LIKE 'river%'"));
    }

    [Fact]
    public async Task Databases_created_in_parallel_are_distinct_and_dropped_on_dispose()
    {
        var databases = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => TestDatabases.CreateAsync()));
        Assert.Equal(8, databases.Select(d => d.Name).Distinct().Count());

        await Sql.ExecuteAsync(databases[0].DataSource, "INSERT INTO river_job (args, kind) VALUES ('{}', 'only_here')");
        Assert.Equal(0L, await Sql.ScalarAsync<long>(databases[1].DataSource, "SELECT count(*) FROM river_job"));

        foreach (var db in databases)
        {
            await db.DisposeAsync();
        }

        await using var admin = NpgsqlDataSource.Create(await TestDatabases.GetServerConnectionStringAsync());
        var names = databases.Select(d => d.Name).ToArray();
        Assert.Equal(0L, await Sql.ScalarAsync<long>(admin, "SELECT count(*) FROM pg_database WHERE datname = ANY($1)", (object)names));
    }
}
