using System.Collections.Frozen;

namespace River;

/// <summary>The migrations of River's <c>main</c> line, read from the SQL files embedded in this assembly.</summary>
internal static class MigrationCatalog
{
    /// <summary>The line River records in <c>river_migration.line</c>.</summary>
    public const string Line = "main";

    /// <summary>The latest version shipped.</summary>
    public const int LatestVersion = 7;

    /// <summary>From this version on, <c>river_migration</c> has a <c>line</c> column (and no <c>id</c>).</summary>
    public const int FirstVersionWithLine = 5;

    /// <summary>
    /// The first River Go release that ships migration 7 (<see cref="LatestVersion"/>). Older River Go clients and
    /// CLIs stop at version 6: once 7 is applied they cannot list or roll back migrations, and their <c>river bench</c>
    /// and client registry need the <c>river_client</c> tables that migration 7 drops.
    /// </summary>
    public const string FirstRiverGoVersionWithLatest = "v0.40.0";

    /// <summary>The message of a client refused because the schema is older than <see cref="LatestVersion"/>.</summary>
    public static string OutdatedSchemaMessage(string schema, long? version)
        => $"River's schema in '{schema}' is at version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, "
           + $"but River.Typed needs version {LatestVersion}. Run `river migrate-up` (or RiverMigrator.MigrateUpAsync). "
           + $"River Go clients sharing this database must then be {FirstRiverGoVersionWithLatest} or later: older ones stop at version 6 "
           + "and fail on a version-7 schema (see docs/operations.md, \"Sharing a database with River\").";

    private static readonly string[] Names =
    [
        "create river_migration",
        "initial schema: river_job, river_job_state, river_leader",
        "river_job.tags not null",
        "pending state, river_queue, no insert trigger, single leader row",
        "river_migration by line, river_job.unique_key, river_client tables",
        "unique jobs by state bitmask",
        "notification outbox, drop river_client tables, column defaults",
    ];

    private static readonly Lazy<FrozenDictionary<(int, RiverMigrationDirection), string>> Sql = new(Load);

    /// <summary>All versions, ascending.</summary>
    public static IReadOnlyList<RiverMigration> All { get; } =
        Enumerable.Range(1, LatestVersion).Select(v => new RiverMigration(v, Names[v - 1])).ToArray();

    /// <summary>Returns version <paramref name="version"/>, or throws naming the known range.</summary>
    public static RiverMigration Get(int version) =>
        version is >= 1 and <= LatestVersion
            ? All[version - 1]
            : throw new RiverMigrationException($"Unknown migration version {version}: versions 1 to {LatestVersion} exist.");

    /// <summary>The SQL template (with <see cref="SchemaName.Placeholder"/>) of a version and direction.</summary>
    public static string Template(int version, RiverMigrationDirection direction)
    {
        Get(version);
        return Sql.Value[(version, direction)];
    }

    private static FrozenDictionary<(int, RiverMigrationDirection), string> Load()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var result = new Dictionary<(int, RiverMigrationDirection), string>();
        for (var v = 1; v <= LatestVersion; v++)
        {
            foreach (var direction in new[] { RiverMigrationDirection.Up, RiverMigrationDirection.Down })
            {
                var resource = $"River.Migrations.{Line}.{v:000}.{(direction == RiverMigrationDirection.Up ? "up" : "down")}.sql";
                using var stream = assembly.GetManifestResourceStream(resource)
                    ?? throw new InvalidOperationException($"Embedded migration '{resource}' is missing from {assembly.GetName().Name}.");
                using var reader = new StreamReader(stream);
                result[(v, direction)] = reader.ReadToEnd();
            }
        }

        return result.ToFrozenDictionary();
    }
}
