namespace River;

/// <summary>One migration step that was run (or, in a dry run, would be run).</summary>
/// <param name="Version">The version applied (up) or reverted (down).</param>
/// <param name="Name">What the version changes.</param>
/// <param name="Direction">Up or down.</param>
/// <param name="Duration">How long its transaction took; zero in a dry run.</param>
/// <param name="Sql">The SQL run (schema substituted), without the <c>river_migration</c> bookkeeping.</param>
public sealed record RiverMigrationRun(int Version, string Name, RiverMigrationDirection Direction, TimeSpan Duration, string Sql)
{
    /// <summary>The line of the version (<see cref="RiverMigrator.Line"/> unless set otherwise).</summary>
    public string Line { get; init; } = RiverMigrator.Line;
}
