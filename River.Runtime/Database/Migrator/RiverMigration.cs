namespace River;

/// <summary>One version of River's <c>main</c> migration line, as shipped in this assembly.</summary>
/// <param name="Version">The version number, 1 to <see cref="RiverMigrator.LatestVersion"/>.</param>
/// <param name="Name">A short description of what the version changes.</param>
public sealed record RiverMigration(int Version, string Name);
