using Microsoft.Extensions.Logging;

namespace River;

/// <summary>Options of a <see cref="RiverMigrator"/>.</summary>
public sealed class RiverMigratorOptions
{
    /// <summary>
    /// The schema holding River's tables, or null to use the connection's <c>search_path</c> (usually
    /// <c>public</c>). It must exist. The name: 1 to 46 characters: a lower-case ASCII letter or underscore, then
    /// lower-case ASCII letters, digits and underscores, not starting with pg_ (the client's rule too).
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>
    /// The line that <see cref="RiverMigrator.GetStatusAsync(CancellationToken)"/>, <see cref="RiverMigrator.MigrateUpAsync"/>
    /// and <see cref="RiverMigrator.MigrateDownAsync"/> work on unless <see cref="MigrationRunOptions.Line"/> says
    /// otherwise: <see cref="RiverMigrator.Line"/> (<c>main</c>, River's; the default when null) or
    /// <see cref="RiverMigrator.TypedLine"/> (<c>typed</c>, River.Typed's own). Any other value is refused by the
    /// constructor. <see cref="RiverMigrator.MigrateUpAllLinesAsync"/> and <see cref="RiverMigrator.ValidateAsync"/>
    /// always cover every line.
    /// </summary>
    public string? Line { get; set; }

    /// <summary>Receives one line per applied or reverted version. Optional.</summary>
    public ILogger? Logger { get; set; }
}
