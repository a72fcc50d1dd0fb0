namespace River;

/// <summary>What a call to <see cref="RiverMigrator.MigrateUpAsync"/> or <see cref="RiverMigrator.MigrateDownAsync"/> did, for one line.</summary>
/// <param name="Direction">Up or down.</param>
/// <param name="DryRun">True when nothing was executed and <see cref="Runs"/> lists what would run.</param>
/// <param name="VersionBefore">The line's highest applied version before the call (0 when none).</param>
/// <param name="VersionAfter">The line's highest applied version after the call (in a dry run: what it would be).</param>
/// <param name="Runs">The steps in the order they ran; empty when there was nothing to do.</param>
public sealed record RiverMigrateResult(
    RiverMigrationDirection Direction,
    bool DryRun,
    int VersionBefore,
    int VersionAfter,
    IReadOnlyList<RiverMigrationRun> Runs)
{
    /// <summary>The line migrated (<see cref="RiverMigrator.Line"/> unless set otherwise).</summary>
    public string Line { get; init; } = RiverMigrator.Line;
}
