using Npgsql;
using River.Testing;

namespace River.IntegrationTests.Infrastructure;

/// <summary>
/// One database per test class, migrated to the latest version, dropped after the class. Use with
/// <c>IClassFixture&lt;DatabaseFixture&gt;</c>; classes run in parallel, each on its own database.
/// </summary>
public class DatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    /// <summary>Creates a fixture whose database holds River's schema.</summary>
    public DatabaseFixture()
        : this(migrated: true)
    {
    }

    /// <summary>Creates a fixture; <paramref name="migrated"/> false gives an empty database.</summary>
    protected DatabaseFixture(bool migrated) => Migrated = migrated;

    /// <summary>Whether the database is created with River's schema.</summary>
    public bool Migrated { get; }

    /// <summary>The database (available once the fixture is initialized).</summary>
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The database's data source.</summary>
    public NpgsqlDataSource DataSource => Database.DataSource;

    /// <summary>The database's connection string.</summary>
    public string ConnectionString => Database.ConnectionString;

    /// <inheritdoc/>
    public async Task InitializeAsync() => _database = await TestDatabases.CreateAsync(Migrated);

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>Like <see cref="DatabaseFixture"/>, with an empty (not migrated) database.</summary>
public sealed class EmptyDatabaseFixture : DatabaseFixture
{
    /// <summary>Creates the fixture.</summary>
    public EmptyDatabaseFixture()
        : base(migrated: false)
    {
    }
}
