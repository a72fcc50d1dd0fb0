using System.Diagnostics;
using Npgsql;
using River.Testing;

namespace River.IntegrationTests.Infrastructure;

public sealed class ThrowawayPostgresTests
{
    [Fact]
    public async Task Starts_with_test_settings_and_is_removed_on_dispose()
    {
        var pg = await ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests());
        string dataDirectory;
        await using (pg)
        {
            dataDirectory = pg.DataDirectory;
            Assert.True(Directory.Exists(dataDirectory));
            await using var dataSource = NpgsqlDataSource.Create(pg.ConnectionString);
            Assert.Equal("300", await Sql.ScalarAsync<string>(dataSource, "SHOW max_connections"));
            Assert.Equal("127.0.0.1", await Sql.ScalarAsync<string>(dataSource, "SHOW listen_addresses"));
            Assert.Equal("off", await Sql.ScalarAsync<string>(dataSource, "SHOW fsync"));
            Assert.Equal("postgres", await Sql.ScalarAsync<string>(dataSource, "SELECT current_user::text"));
        }

        Assert.False(Directory.Exists(dataDirectory));
        await using var gone = NpgsqlDataSource.Create(pg.ConnectionString + ";Timeout=2");
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await gone.OpenConnectionAsync());
    }

    [Fact]
    public async Task Restart_keeps_data_and_port()
    {
        await using var pg = await ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests());
        var port = pg.Port;
        await using var dataSource = NpgsqlDataSource.Create(pg.ConnectionString);
        await Sql.ExecuteAsync(dataSource, "CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)");
        await using var held = await dataSource.OpenConnectionAsync();

        await pg.RestartAsync();

        await using (var command = new NpgsqlCommand("SELECT 1", held))
        {
            await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await command.ExecuteScalarAsync());
        }

        NpgsqlConnection.ClearPool(held);
        Assert.Equal(port, pg.Port);
        Assert.Equal(42, await Sql.ScalarAsync<int>(dataSource, "SELECT x FROM kept"));
    }

    [Fact]
    public async Task Stop_makes_the_server_unreachable_until_started_again()
    {
        await using var pg = await ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests());
        await using var dataSource = NpgsqlDataSource.Create(pg.ConnectionString + ";Timeout=2;Pooling=false");

        await pg.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await dataSource.OpenConnectionAsync());
        Assert.True(Directory.Exists(pg.DataDirectory));

        await pg.StartAgainAsync();
        Assert.Equal(1, await Sql.ScalarAsync<int>(dataSource, "SELECT 1"));
    }

    [Fact]
    public async Task Bad_settings_are_rejected_with_the_name_of_the_problem()
    {
        var options = new ThrowawayPostgresOptions();
        options.Settings["bad name; drop"] = "1";
        var e = await Assert.ThrowsAsync<ArgumentException>(() => ThrowawayPostgres.StartAsync(options));
        Assert.Contains("'bad name; drop' is not a valid PostgreSQL setting name", e.Message, StringComparison.Ordinal);

        var missing = new ThrowawayPostgresOptions { BinDirectory = "/nonexistent/bin" };
        var e2 = await Assert.ThrowsAsync<InvalidOperationException>(() => ThrowawayPostgres.StartAsync(missing));
        Assert.Contains("/nonexistent/bin", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchdog_stops_the_server_and_removes_the_directory_when_the_owner_dies()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        var pg = await ThrowawayPostgres.StartAsync(ThrowawayPostgresOptions.ForTests(), owner.Id, CancellationToken.None);
        try
        {
            await using (var dataSource = NpgsqlDataSource.Create(pg.ConnectionString))
            {
                Assert.Equal(1, await Sql.ScalarAsync<int>(dataSource, "SELECT 1"));
            }

            owner.Kill();
            await owner.WaitForExitAsync();

            // The watchdog polls once a second; there is no signal to await from another process tree.
            var deadline = Stopwatch.StartNew();
            while (Directory.Exists(pg.DataDirectory) && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            Assert.False(Directory.Exists(pg.DataDirectory), "the watchdog did not remove the cluster directory");
            await using var gone = NpgsqlDataSource.Create(pg.ConnectionString + ";Timeout=2;Pooling=false");
            await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await gone.OpenConnectionAsync());
        }
        finally
        {
            await pg.DisposeAsync();
        }
    }
}
