using Microsoft.Extensions.Logging;

namespace River;

/// <summary>Options of a <see cref="RiverMigrator"/>.</summary>
public sealed class RiverMigratorOptions
{
    /// <summary>The longest schema name accepted (PostgreSQL's 63-byte identifiers minus the longest suffix River appends to it, for notification channels).</summary>
    public const int MaxSchemaLength = 46;

    /// <summary>
    /// The schema holding River's tables, or null to use the connection's <c>search_path</c> (usually
    /// <c>public</c>). It must exist. Lower-case letters, digits and underscores, starting with a letter or
    /// underscore, at most <see cref="MaxSchemaLength"/> characters.
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>Receives one line per applied or reverted version. Optional.</summary>
    public ILogger? Logger { get; set; }
}
