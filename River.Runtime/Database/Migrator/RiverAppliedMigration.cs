namespace River;

/// <summary>A version recorded in <c>river_migration</c>.</summary>
/// <param name="Version">The version number (may be above <see cref="RiverMigrator.LatestVersion"/> when a newer River migrated the database).</param>
/// <param name="CreatedAt">When it was applied.</param>
public sealed record RiverAppliedMigration(long Version, DateTimeOffset CreatedAt);
