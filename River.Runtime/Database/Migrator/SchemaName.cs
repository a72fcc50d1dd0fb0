namespace River;

/// <summary>
/// The schema option of the migrator: validated by the one schema rule (<see cref="JobOptionRules.ValidateSchemaName"/>,
/// the client's rule too) and substituted into the migration files with the one prefix builder
/// (<see cref="JobOptionRules.SchemaPrefix"/>). <see langword="null"/> means the connection's search_path.
/// </summary>
internal static class SchemaName
{
    /// <summary>The marker in the migration files replaced by the schema prefix.</summary>
    public const string Placeholder = "/* TEMPLATE: schema */";

    /// <summary>Throws <see cref="RiverMigrationException"/> naming the broken rule when <paramref name="schema"/> is not acceptable; null is accepted (search_path).</summary>
    public static void Validate(string? schema)
    {
        if (schema is not null && JobOptionRules.ValidateSchemaName(schema) is { } error)
        {
            var fix = schema.Length == 0 ? " (leave the schema unset to use the search_path)" : "";
            throw new RiverMigrationException("Invalid schema name: " + error + fix + ".");
        }
    }

    /// <summary>Substitutes the schema prefix into a migration's SQL text.</summary>
    public static string Apply(string sqlTemplate, string? schema) =>
        sqlTemplate.Replace(Placeholder, JobOptionRules.SchemaPrefix(schema), StringComparison.Ordinal);
}
