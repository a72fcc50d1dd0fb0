namespace River;

/// <summary>The migration lines this assembly ships: River's <c>main</c> and River.Typed's <c>typed</c> (<see cref="MigrationLine"/>).</summary>
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

    /// <summary>River.Typed's own line (everything River.Typed adds to the schema; River's tools ignore it).</summary>
    public const string TypedLine = "typed";

    /// <summary>Line <see cref="Line"/>: River's versions, names given here.</summary>
    public static MigrationLine Main { get; } = MigrationLine.WithNames(Line,
    [
        "create river_migration",
        "initial schema: river_job, river_job_state, river_leader",
        "river_job.tags not null",
        "pending state, river_queue, no insert trigger, single leader row",
        "river_migration by line, river_job.unique_key, river_client tables",
        "unique jobs by state bitmask",
        "notification outbox, drop river_client tables, column defaults",
    ]);

    /// <summary>The message of a client refused because River.Typed's line <c>typed</c> is missing or behind.</summary>
    public static string OutdatedTypedLineMessage(string schema, long? version)
        => $"River.Typed's migration line 'typed' in '{schema}' is at version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, "
           + $"but this client needs version {Typed.LatestVersion} (the leader fence and the client registry live there). Run `river migrate-up` "
           + "(applies River's line main and River.Typed's line typed) or RiverMigrator.MigrateUpAllLinesAsync. Line typed adds only river_typed_* "
           + "objects: River Go clients sharing the database are not affected (see docs/migrations.md).";

    private static readonly Lazy<MigrationLine> TypedValue = new(() => MigrationLine.Discover(TypedLine));

    /// <summary>Line <see cref="TypedLine"/>: discovered from the embedded <c>typed.NNN.*.sql</c> files.</summary>
    public static MigrationLine Typed => TypedValue.Value;

    /// <summary>The lines in the order they are applied (main first: line typed needs its <c>river_migration.line</c>).</summary>
    public static IReadOnlyList<string> LineNames { get; } = [Line, TypedLine];

    /// <summary>The line named <paramref name="line"/>, or throws naming the lines that exist.</summary>
    public static MigrationLine ForLine(string? line) => line switch
    {
        null or Line => Main,
        TypedLine => Typed,
        _ => throw new RiverMigrationException($"Unknown migration line '{line}': the lines are {string.Join(" and ", LineNames.Select(l => "'" + l + "'"))}."),
    };

    /// <summary>All versions of line main, ascending.</summary>
    public static IReadOnlyList<RiverMigration> All => Main.All;

    /// <summary>Returns version <paramref name="version"/> of line main, or throws naming the known range.</summary>
    public static RiverMigration Get(int version) => Main.Get(version);

    /// <summary>The SQL template of a version of line main.</summary>
    public static string Template(int version, RiverMigrationDirection direction) => Main.Template(version, direction);
}
