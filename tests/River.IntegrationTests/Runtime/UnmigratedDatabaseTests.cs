using River.Testing;

namespace River.IntegrationTests.Runtime;

/// <summary>An unmigrated database reads the same from every entry point: tables missing, run <c>river migrate-up</c>.</summary>
public sealed class UnmigratedDatabaseTests
{
    static UnmigratedDatabaseTests() => Defs.EnsureRegistered();

    [Fact]
    public async Task Every_insert_path_of_an_insert_only_client_names_the_fix_like_StartAsync()
    {
        await using var db = await TestDatabases.CreateAsync(migrated: false);
        await using var client = new RiverClient(new RiverClientOptions { DataSource = db.DataSource });

        var start = await Assert.ThrowsAsync<RiverStartupException>(() => client.StartAsync());
        var single = await Assert.ThrowsAsync<RiverSchemaMissingException>(() => client.InsertAsync(new NoopArgs(1)));
        var many = await Assert.ThrowsAsync<RiverSchemaMissingException>(() => client.InsertManyAsync([JobInsertRequest.Create(new NoopArgs(1))]));
        var copy = await Assert.ThrowsAsync<RiverSchemaMissingException>(() => client.InsertManyFastAsync([JobInsertRequest.Create(new NoopArgs(1))]));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var inTx = await Assert.ThrowsAsync<RiverSchemaMissingException>(() => client.InsertAsync(new NoopArgs(1), tx));

        // The same sentence; only the relation PostgreSQL names differs (river_migration at start, river_job on insert).
        const string Prefix = "River's tables are missing in schema 'public' (";
        const string Fix = "Run the migrations first: `river migrate-up` or RiverMigrator.";
        Assert.All(new Exception[] { start, single, many, copy, inTx }, e =>
        {
            Assert.StartsWith(Prefix, e.Message, StringComparison.Ordinal);
            Assert.EndsWith(Fix, e.Message, StringComparison.Ordinal);
        });
    }
}
