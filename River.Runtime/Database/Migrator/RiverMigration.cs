namespace River;

/// <summary>One version of a migration line (River's <c>main</c> or River.Typed's <c>typed</c>), as shipped in this assembly.</summary>
/// <param name="Version">The version number, 1 to the line's latest (<see cref="RiverMigrator.LatestVersionOf"/>).</param>
/// <param name="Name">A short description of what the version changes.</param>
public sealed record RiverMigration(int Version, string Name)
{
    /// <summary>The line the version belongs to (<see cref="RiverMigrator.Line"/> or <see cref="RiverMigrator.TypedLine"/>).</summary>
    public string Line { get; init; } = RiverMigrator.Line;
}
