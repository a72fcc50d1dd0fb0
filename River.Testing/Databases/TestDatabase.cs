using Npgsql;

namespace River.Testing;

/// <summary>
/// A database of its own for one test or test class, created by <see cref="TestDatabases.CreateAsync"/> and
/// dropped (<c>WITH (FORCE)</c>) when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<string, CancellationToken, Task> _drop;
    private readonly Lazy<NpgsqlDataSource> _dataSource;
    private int _disposed;

    internal TestDatabase(string name, string connectionString, bool migrated, Func<string, CancellationToken, Task> drop)
    {
        Name = name;
        ConnectionString = connectionString;
        IsMigrated = migrated;
        _drop = drop;
        _dataSource = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(ConnectionString));
    }

    /// <summary>The database name (<c>river_test_…</c>).</summary>
    public string Name { get; }

    /// <summary>A connection string for this database (superuser when the server is a throwaway one).</summary>
    public string ConnectionString { get; }

    /// <summary>True when River's schema (latest version, search_path schema) was installed at creation.</summary>
    public bool IsMigrated { get; }

    /// <summary>A data source for this database, created on first use and disposed with the database.</summary>
    public NpgsqlDataSource DataSource => _dataSource.Value;

    /// <summary>Closes this database's connections and drops it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync().ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _drop(Name, timeout.Token).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
