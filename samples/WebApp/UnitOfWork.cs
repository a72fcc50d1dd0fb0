using Npgsql;

namespace WebApp;

/// <summary>
/// The request's database transaction, the way an EF Core <c>DbContext</c> with
/// <c>Database.BeginTransactionAsync()</c> holds one: the endpoint writes its rows and inserts River jobs through
/// the same <see cref="Transaction"/>, then commits once. (With EF Core, pass
/// <c>(NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction()</c> to <c>InsertAsync</c>.)
/// </summary>
public sealed class UnitOfWork(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public NpgsqlTransaction? Transaction { get; private set; }

    public async Task<NpgsqlTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        _connection = await dataSource.OpenConnectionAsync(cancellationToken);
        Transaction = await _connection.BeginTransactionAsync(cancellationToken);
        return Transaction;
    }

    public async ValueTask DisposeAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.DisposeAsync(); // rolls back unless committed
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
