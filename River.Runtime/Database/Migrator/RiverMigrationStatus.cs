namespace River;

/// <summary>The migration state of one line of a database (for one schema).</summary>
/// <param name="Applied">The versions recorded in <c>river_migration</c> for <see cref="Line"/>, ascending.</param>
/// <param name="Pending">Known versions not applied yet, ascending.</param>
public sealed record RiverMigrationStatus(IReadOnlyList<RiverAppliedMigration> Applied, IReadOnlyList<RiverMigration> Pending)
{
    /// <summary>The line this status describes (<see cref="RiverMigrator.Line"/> unless set otherwise).</summary>
    public string Line { get; init; } = RiverMigrator.Line;

    /// <summary>The highest applied version, 0 when none.</summary>
    public int CurrentVersion => Applied.Count == 0 ? 0 : (int)Math.Min(int.MaxValue, Applied[^1].Version);

    /// <summary>True when every known version is applied.</summary>
    public bool IsUpToDate => Pending.Count == 0;
}
