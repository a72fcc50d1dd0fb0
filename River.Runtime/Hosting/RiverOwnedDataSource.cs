using Npgsql;

namespace River;

/// <summary>
/// The data source River creates from a database address given to <c>AddRiver</c> (a <c>postgres://</c> URL or a
/// keyword connection string, directly or as the configuration section's <c>ConnectionString</c>); disposed with the
/// container. Created on first use, so an address read from configuration is read when the client is built.
/// </summary>
internal sealed class RiverOwnedDataSource(Func<string?> address) : IAsyncDisposable
{
    private NpgsqlDataSource? _dataSource;

    /// <summary>The data source, or <see langword="null"/> when no address is given.</summary>
    /// <exception cref="FormatException">The address is neither a URL nor a connection string; the message says why (never with the password).</exception>
    public NpgsqlDataSource? Get()
    {
        if (_dataSource is null && address() is { Length: > 0 } value)
        {
            _dataSource = NpgsqlDataSource.Create(DatabaseUrl.ToConnectionString(value));
        }
        return _dataSource;
    }

    public ValueTask DisposeAsync() => _dataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}
