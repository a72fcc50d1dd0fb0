using Npgsql;
using River;
using River.Testing;

// Uses DATABASE_URL when set, else a throwaway PostgreSQL that is removed at the end.
var url = Environment.GetEnvironmentVariable("DATABASE_URL");
ThrowawayPostgres? throwaway = null;
string connectionString;
if (string.IsNullOrWhiteSpace(url))
{
    Console.WriteLine("starting a throwaway PostgreSQL...");
    throwaway = await ThrowawayPostgres.StartAsync();
    connectionString = throwaway.ConnectionString;
    Console.WriteLine($"PostgreSQL listening on 127.0.0.1:{throwaway.Port}");
}
else
{
    connectionString = DatabaseUrl.ToConnectionString(url);
}

try
{
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    var result = await new RiverMigrator(dataSource).MigrateUpAsync();
    Console.WriteLine($"migrated: {result.Runs.Count} version(s) applied; River schema at version {result.VersionAfter} (latest {RiverMigrator.LatestVersion})");
}
finally
{
    if (throwaway is not null)
    {
        await throwaway.DisposeAsync();
    }
}
