namespace River;

/// <summary>
/// Validation and quoting of the schema option. River writes the schema unquoted into its SQL, so only
/// names whose unquoted and quoted spellings mean the same are accepted: lower-case letters, digits and
/// underscores, starting with a letter or underscore, and not the reserved <c>pg_</c> prefix.
/// </summary>
internal static class SchemaName
{
    /// <summary>The marker in the migration files replaced by the schema prefix.</summary>
    public const string Placeholder = "/* TEMPLATE: schema */";

    /// <summary>Throws <see cref="RiverMigrationException"/> naming the broken rule when <paramref name="schema"/> is not acceptable; null is accepted (search_path).</summary>
    public static void Validate(string? schema)
    {
        if (schema is null)
        {
            return;
        }

        if (schema.Length == 0)
        {
            throw new RiverMigrationException("Invalid schema name: it is empty (leave the schema unset to use the search_path).");
        }

        if (schema.Length > RiverMigratorOptions.MaxSchemaLength)
        {
            throw new RiverMigrationException(
                $"Invalid schema name '{Shorten(schema)}': it has {schema.Length} characters, at most {RiverMigratorOptions.MaxSchemaLength} are allowed.");
        }

        var first = schema[0];
        if (!(first is >= 'a' and <= 'z' or '_'))
        {
            throw new RiverMigrationException(
                $"Invalid schema name '{Shorten(schema)}': it must start with a lower-case letter (a-z) or an underscore.");
        }

        foreach (var c in schema)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
            {
                throw new RiverMigrationException(
                    $"Invalid schema name '{Shorten(schema)}': only lower-case letters (a-z), digits and underscores are allowed.");
            }
        }

        if (schema.StartsWith("pg_", StringComparison.Ordinal))
        {
            throw new RiverMigrationException($"Invalid schema name '{schema}': names starting with 'pg_' are reserved by PostgreSQL.");
        }
    }

    /// <summary>The prefix for object names: <c>"schema".</c>, or empty for the search_path. <paramref name="schema"/> must be valid.</summary>
    public static string Prefix(string? schema) => schema is null ? "" : "\"" + schema + "\".";

    /// <summary>Substitutes the schema prefix into a migration's SQL text.</summary>
    public static string Apply(string sqlTemplate, string? schema) =>
        sqlTemplate.Replace(Placeholder, Prefix(schema), StringComparison.Ordinal);

    private static string Shorten(string s)
    {
        var printable = new string(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return printable.Length <= 80 ? printable : printable[..80] + "…";
    }
}
