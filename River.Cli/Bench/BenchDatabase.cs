using Npgsql;
using River.Testing;

namespace River.Cli.Bench;

/// <summary>
/// The database a bench runs on: the one given (<c>--database-url</c> / <c>DATABASE_URL</c>), or a throwaway
/// PostgreSQL with its default, durable settings (fsync on — not the test settings) removed at the end.
/// Either way it is migrated to River's latest version.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly ThrowawayPostgres? _server;

    private BenchDatabase(ThrowawayPostgres? server, string connectionString, string endpoint)
    {
        _server = server;
        ConnectionString = connectionString;
        Endpoint = endpoint;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    /// <summary><c>host:port/database</c>, for the header line.</summary>
    public string Endpoint { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Whether the server is a throwaway one started for this run.</summary>
    public bool IsThrowaway => _server is not null;

    /// <summary>A <c>postgres://</c> URL for psql and pgbench.</summary>
    public string LibpqUrl()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        var auth = Uri.EscapeDataString(b.Username ?? "postgres") + (string.IsNullOrEmpty(b.Password) ? "" : ":" + Uri.EscapeDataString(b.Password));
        return $"postgres://{auth}@{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database ?? "postgres")}";
    }

    public static async Task<BenchDatabase> OpenAsync(DatabaseTarget? target, TextWriter progress, CancellationToken cancellationToken)
    {
        BenchDatabase db;
        if (target is not null)
        {
            db = new BenchDatabase(null, target.ConnectionString, target.Endpoint);
        }
        else
        {
            progress.WriteLine("starting a throwaway PostgreSQL (durable settings: fsync on) ...");
            var server = await ThrowawayPostgres.StartAsync(new ThrowawayPostgresOptions(), cancellationToken).ConfigureAwait(false);
            db = new BenchDatabase(server, server.ConnectionString, $"127.0.0.1:{server.Port}/postgres (throwaway)");
        }
        try
        {
            await new RiverMigrator(db.DataSource).MigrateUpAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return db;
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Empties <c>river_job</c> and vacuums it, as River's bench does before each run.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync("TRUNCATE river_job RESTART IDENTITY", cancellationToken).ConfigureAwait(false);
        await VacuumAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>VACUUM ANALYZE river_job</c> and a checkpoint, so the work phase starts from a settled table (as sql-limit.sh does).</summary>
    public async Task VacuumAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync("VACUUM ANALYZE river_job", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("CHECKPOINT", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The server's own insert rate on this table, as a reference for the bulk path: one <c>INSERT … SELECT</c> of
    /// <paramref name="jobs"/> no-op jobs from <c>generate_series</c> (no client, no network), timed, then emptied again.
    /// </summary>
    public async Task<double> InsertReferenceAsync(long jobs, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using (var cmd = DataSource.CreateCommand(
            "INSERT INTO river_job (kind, args) SELECT 'river_bench.noop', jsonb_build_object('seq', g) FROM generate_series(1, @n) g"))
        {
            cmd.CommandTimeout = 0;
            cmd.Parameters.Add(new NpgsqlParameter<long>("n", jobs));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var rate = jobs / watch.Elapsed.TotalSeconds;
        await ResetAsync(cancellationToken).ConfigureAwait(false);
        return rate;
    }

    /// <summary>Jobs not yet finalized (available, running, retryable, scheduled, pending).</summary>
    public async Task<long> CountUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var cmd = DataSource.CreateCommand("SELECT count(*) FROM river_job WHERE finalized_at IS NULL");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
