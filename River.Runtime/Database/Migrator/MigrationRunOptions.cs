namespace River;

/// <summary>Options for one migrate call.</summary>
public sealed class MigrationRunOptions
{
    /// <summary>
    /// Up: the version to stop at (default: the latest). Down: the version to end at, 0 reverting
    /// everything (default: one step below the current version). Must be 0 to
    /// <see cref="RiverMigrator.LatestVersion"/> (1 or more when migrating up).
    /// </summary>
    public int? TargetVersion { get; set; }

    /// <summary>When true nothing is executed; the result lists the steps and SQL that would run.</summary>
    public bool DryRun { get; set; }
}
