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
