namespace River;

/// <summary>Options for one migrate call.</summary>
public sealed class MigrationRunOptions
{
    /// <summary>
    /// Up: the version to stop at (default: the line's latest). Down: the version to end at, 0 reverting
    /// everything (default: one step below the current version). Must be 0 to the line's latest version
    /// (<see cref="RiverMigrator.LatestVersionOf"/>; 1 or more when migrating up). Not allowed with
    /// <see cref="RiverMigrator.MigrateUpAllLinesAsync"/> (a version belongs to one line).
    /// </summary>
    public int? TargetVersion { get; set; }

    /// <summary>When true nothing is executed; the result lists the steps and SQL that would run.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// The line to migrate in this call (<see cref="RiverMigrator.Line"/> or <see cref="RiverMigrator.TypedLine"/>);
    /// null: the migrator's <see cref="RiverMigratorOptions.Line"/>. Ignored by <see cref="RiverMigrator.MigrateUpAllLinesAsync"/>.
    /// </summary>
    public string? Line { get; set; }
}
