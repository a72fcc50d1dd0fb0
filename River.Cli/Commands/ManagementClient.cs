namespace River.Cli.Commands;

/// <summary>The short-lived <see cref="RiverClient"/> (never started) through which management commands call the database.</summary>
internal static class ManagementClient
{
    /// <summary>Runs <paramref name="body"/> with a client on <paramref name="db"/> in <paramref name="schema"/> (null: the default).</summary>
    public static async Task<int> RunAsync(DatabaseTarget db, string? schema, Func<RiverClient, Task<int>> body)
    {
        await using var dataSource = db.CreateDataSource();
        var options = new RiverClientOptions { DataSource = dataSource };
        if (schema is not null)
        {
            options.Schema = schema;
        }
        await using var client = new RiverClient(options);
        return await body(client);
    }
}
