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
            await new RiverMigrator(db.DataSource).MigrateUpAllLinesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return db;
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Empties <c>river_job</c> and vacuums it, as River's bench does before each run, and drops the bench kind's flow limit.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync("TRUNCATE river_job RESTART IDENTITY", cancellationToken).ConfigureAwait(false);
        // The workflows of --workflow (line typed): their task and edge rows name jobs by id, which restart at 1.
        await ExecuteAsync("TRUNCATE river_typed_workflow_edge, river_typed_workflow_task, river_typed_workflow", cancellationToken).ConfigureAwait(false);
        // A run stopped half-way may leave its queues paused (see PauseQueuesAsync).
        await ExecuteAsync("UPDATE river_queue SET paused_at = NULL WHERE paused_at IS NOT NULL AND (name = 'default' OR name LIKE 'bench\\_%')", cancellationToken).ConfigureAwait(false);
        // A previous run's --kind-limit is stored (line typed) and would switch this run to the limited fetch.
        await ExecuteAsync("DELETE FROM river_typed_flow_limit WHERE id = 'kind:" + BenchJob.Kind + "'", cancellationToken).ConfigureAwait(false);
        await VacuumAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>VACUUM ANALYZE</c> of <c>river_job</c> and the workflow tables, and a checkpoint, so the work phase starts from
    /// settled tables (as sql-limit.sh does). The workflow tables too: without statistics on the edges (a fresh table
    /// autovacuum has not analyzed yet) the release statements were planned as scans and each completer batch ran
    /// into the command timeout.
    /// </summary>
    public async Task VacuumAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync("VACUUM ANALYZE river_job, river_typed_workflow, river_typed_workflow_task, river_typed_workflow_edge", cancellationToken).ConfigureAwait(false);
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

    /// <summary>The kind of preloaded rows (never worked: no client registers it).</summary>
    public const string PreloadKind = "river_bench.preloaded";

    /// <summary>Rows per preload statement (progress is printed between them).</summary>
    private const long PreloadChunk = 1_000_000;

    /// <summary>
    /// Adds <paramref name="rows"/> completed jobs finalized evenly over the last 23 hours — the table a job cleaner with
    /// River's 24 h retention keeps at steady state — then vacuums.
    /// </summary>
    public Task PreloadFinalizedAsync(long rows, TextWriter progress, CancellationToken cancellationToken) => PreloadAsync(rows, progress, """
        INSERT INTO river_job (state, kind, args, attempt, attempted_at, attempted_by, created_at, scheduled_at, finalized_at)
        SELECT 'completed', @kind, jsonb_build_object('seq', g), 1, f, '{river_bench}', f, f, f
        FROM generate_series(@first, @last) g, LATERAL (SELECT now() - (g::float8 / @total) * interval '23 hours' AS f) t
        """, "completed", cancellationToken);

    /// <summary>Adds <paramref name="rows"/> jobs scheduled a day ahead (spread over the next hour after that), then vacuums.</summary>
    public Task PreloadScheduledAsync(long rows, TextWriter progress, CancellationToken cancellationToken) => PreloadAsync(rows, progress, """
        INSERT INTO river_job (state, kind, args, scheduled_at)
        SELECT 'scheduled', @kind, jsonb_build_object('seq', g), now() + interval '1 day' + (g::float8 / @total) * interval '1 hour'
        FROM generate_series(@first, @last) g
        """, "scheduled", cancellationToken);

    private async Task PreloadAsync(long rows, TextWriter progress, string sql, string what, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (long first = 1; first <= rows; first += PreloadChunk)
        {
            await using var cmd = DataSource.CreateCommand(sql);
            cmd.CommandTimeout = 0;
            cmd.Parameters.Add(new NpgsqlParameter<string>("kind", PreloadKind));
            cmd.Parameters.Add(new NpgsqlParameter<long>("first", first));
            cmd.Parameters.Add(new NpgsqlParameter<long>("last", Math.Min(rows, first + PreloadChunk - 1)));
            cmd.Parameters.Add(new NpgsqlParameter<double>("total", rows));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            progress.WriteLine($"preload: {Math.Min(rows, first + PreloadChunk - 1):N0} of {rows:N0} {what} rows ({watch.Elapsed.TotalSeconds:0} s)");
        }
        await VacuumAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the queue rows of <paramref name="queues"/> paused, so worker processes can start before the clock does.</summary>
    public async Task PauseQueuesAsync(string[] queues, CancellationToken cancellationToken)
    {
        await using var cmd = DataSource.CreateCommand("""
            INSERT INTO river_queue (name, created_at, paused_at, updated_at)
            SELECT q, now(), now(), now() FROM unnest(@queues::text[]) q
            ON CONFLICT (name) DO UPDATE SET paused_at = now(), updated_at = now()
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("queues", queues));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server's version and the settings that decide its speed, for the run's JSON summary.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ServerSettingsAsync(CancellationToken cancellationToken)
    {
        await using var cmd = DataSource.CreateCommand("""
            SELECT name, current_setting(name) FROM pg_settings
            WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_connections',
                           'wal_level', 'max_wal_size', 'checkpoint_timeout', 'autovacuum')
            ORDER BY name
            """);
        var result = new List<KeyValuePair<string, string>>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new(reader.GetString(0), reader.GetString(1)));
        }
        return result;
    }

    /// <summary>Jobs of the run not yet finalized (available, running, retryable, scheduled, pending); preloaded rows do not count.</summary>
    public async Task<long> CountUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var cmd = DataSource.CreateCommand("SELECT count(*) FROM river_job WHERE finalized_at IS NULL AND kind <> 'river_bench.preloaded'");
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
