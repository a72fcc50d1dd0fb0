namespace River;

/// <summary>
/// A migration request that cannot be carried out: an unknown version, an invalid schema name, a missing
/// schema, or a database state this migrator does not understand. The message names the problem.
/// </summary>
public sealed class RiverMigrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RiverMigrationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RiverMigrationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RiverMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
