namespace River;

/// <summary>The direction of a migration step.</summary>
public enum RiverMigrationDirection
{
    /// <summary>Applies a version (creates or changes schema objects).</summary>
    Up,

    /// <summary>Reverts a version.</summary>
    Down,
}
