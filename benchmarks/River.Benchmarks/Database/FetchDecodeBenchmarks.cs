using BenchmarkDotNet.Attributes;
using Npgsql;
using River;
using River.Database.Queries;
using River.Testing;

namespace River.Benchmarks.Database;

/// <summary>
/// The fetch decode path: read 1,000 rows into <see cref="JobRow"/>s — the general way (<see cref="JobSql.Columns"/>
/// with <see cref="JobRowReader"/>) and the way a producer's fetch does (<see cref="JobSql.FetchColumns"/> with
/// <see cref="FetchedRowReader"/>, which takes queue, state and the usual values from shared instances) — on a throwaway PostgreSQL (the round trip is included; compare the allocation
/// per row, reported by the memory diagnoser divided by <see cref="Rows"/>).
/// </summary>
[MemoryDiagnoser]
public class FetchDecodeBenchmarks
{
    public const int Rows = 1_000;

    private ThrowawayPostgres _server = null!;
    private NpgsqlDataSource _dataSource = null!;
    private string _select = null!;
    private string _selectFetchShape = null!;
    private readonly FetchedRowReader _fetchedRowReader = new("default", "host_2024_05_17T13_47_12_123456");

    [GlobalSetup]
    public void Setup()
    {
        _server = ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests()).GetAwaiter().GetResult();
        _dataSource = NpgsqlDataSource.Create(_server.ConnectionString);
        new RiverMigrator(_dataSource).MigrateUpAllLinesAsync().GetAwaiter().GetResult();
        using (var insert = _dataSource.CreateCommand(
            $"INSERT INTO river_job (kind, args, attempted_by, attempt, state) SELECT 'bench.noop', jsonb_build_object('seq', g), ARRAY['host_2024_05_17T13_47_12_123456'], 1, 'running' FROM generate_series(1, {Rows}) g"))
        {
            insert.ExecuteNonQuery();
        }
        _select = new SchemaSql("public").Fill("SELECT /* TEMPLATE: columns */ FROM /* TEMPLATE: schema */river_job AS j ORDER BY id");
        _selectFetchShape = new SchemaSql("public").Fill("SELECT /* TEMPLATE: fetch_columns */ FROM /* TEMPLATE: schema */river_job AS j ORDER BY id");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dataSource.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public long Select_only()
    {
        using var cmd = _dataSource.CreateCommand(_select);
        using var reader = cmd.ExecuteReader();
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.GetInt64(0);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Select_and_decode()
    {
        using var cmd = _dataSource.CreateCommand(_select);
        using var reader = cmd.ExecuteReader();
        long sum = 0;
        while (reader.Read())
        {
            sum += JobRowReader.Read(reader).Id;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long Select_and_decode_as_fetched()
    {
        using var cmd = _dataSource.CreateCommand(_selectFetchShape);
        using var reader = cmd.ExecuteReader();
        long sum = 0;
        while (reader.Read())
        {
            sum += _fetchedRowReader.Read(reader).Id;
        }
        return sum;
    }
}
