using Npgsql;

namespace River.IntegrationTests.Infrastructure;

/// <summary>Small query helpers for tests.</summary>
internal static class Sql
{
    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object?[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/> (for what must hold a session's lock or transaction).</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Until at least <paramref name="count"/> backends of the current database wait for a lock (an entry of
    /// <c>pg_locks</c> not granted), counting only those whose <c>pg_stat_activity</c> row (<c>a</c>) matches
    /// <paramref name="activityFilter"/>. No signal exists for "the server waits on a lock", so this polls every 20 ms;
    /// it throws once <paramref name="timeout"/> has passed.
    /// </summary>
    public static async Task WaitForLockWaitersAsync(NpgsqlDataSource dataSource, TimeSpan timeout, int count = 1, string activityFilter = "true")
    {
        using var give = new CancellationTokenSource(timeout);
        var sql = "SELECT count(DISTINCT l.pid) FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid " +
                  $"WHERE NOT l.granted AND a.datname = current_database() AND ({activityFilter})";
        while (await ScalarAsync<long>(dataSource, sql) < count)
        {
            await Task.Delay(20, give.Token);
        }
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, params object?[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        }

        var result = await command.ExecuteScalarAsync();
        return (T)result!;
    }

    public static async Task<List<string>> ColumnAsync(NpgsqlDataSource dataSource, string sql, params object?[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        }

        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return rows;
    }
}
