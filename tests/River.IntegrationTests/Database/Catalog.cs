using Npgsql;

namespace River.IntegrationTests.Database;

/// <summary>
/// The normalized description of River's objects in one schema, as printed by the shared
/// <c>fingerprint.sql</c> (copied with River's expected <c>vN.txt</c> files into TestData).
/// </summary>
internal static class Catalog
{
    private static readonly string TestData = Path.Combine(AppContext.BaseDirectory, "Database", "TestData");

    /// <summary>River's catalog after its own migrations 1..<paramref name="version"/>.</summary>
    public static string[] Expected(int version) =>
        File.ReadAllLines(Path.Combine(TestData, $"v{version}.txt")).Where(l => l.Length > 0).ToArray();

    /// <summary>The marker of every object of River.Typed's line <c>typed</c> (all named <c>river_typed_*</c>).</summary>
    public const string TypedMarker = "river_typed_";

    /// <summary>
    /// Line main's catalog of <paramref name="schema"/>: every River object, without line typed's
    /// <c>river_typed_*</c> objects (so line main is compared with River's byte for byte whether or not line typed is
    /// applied). Read with that schema as the search_path so names print unqualified.
    /// </summary>
    public static async Task<string[]> ReadAsync(NpgsqlDataSource dataSource, string schema = "public") =>
        (await ReadAllAsync(dataSource, schema)).Where(l => !l.Contains(TypedMarker, StringComparison.Ordinal)).ToArray();

    /// <summary>Line typed's part of the catalog: the lines naming a <c>river_typed_*</c> object.</summary>
    public static async Task<string[]> ReadTypedAsync(NpgsqlDataSource dataSource, string schema = "public") =>
        (await ReadAllAsync(dataSource, schema)).Where(l => l.Contains(TypedMarker, StringComparison.Ordinal)).ToArray();

    private static async Task<string[]> ReadAllAsync(NpgsqlDataSource dataSource, string schema)
    {
        var sql = File.ReadAllText(Path.Combine(TestData, "fingerprint.sql")).Replace(":'s'", "$1", StringComparison.Ordinal).TrimEnd().TrimEnd(';');
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var set = new NpgsqlCommand($"SET search_path TO \"{schema}\"", connection))
        {
            await set.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        await using (var reset = new NpgsqlCommand("RESET search_path", connection))
        {
            await reset.ExecuteNonQueryAsync();
        }

        return lines.ToArray();
    }

    /// <summary>Asserts the catalog of <paramref name="schema"/> equals River's after version <paramref name="version"/>, showing the differing lines.</summary>
    public static async Task AssertAtVersionAsync(NpgsqlDataSource dataSource, int version, string schema = "public")
    {
        var actual = await ReadAsync(dataSource, schema);
        var expected = Expected(version);
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"catalog of schema '{schema}' differs from v{version}.txt\nmissing:\n  {string.Join("\n  ", missing)}\nunexpected:\n  {string.Join("\n  ", extra)}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    /// <summary>Names of every river_* relation, type and function left in <paramref name="schema"/>.</summary>
    public static async Task<List<string>> RiverObjectsAsync(NpgsqlDataSource dataSource, string schema = "public")
    {
        const string sql = """
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname LIKE 'river%'
            UNION ALL SELECT t.typname::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname LIKE '%river%'
            UNION ALL SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname LIKE 'river%'
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
