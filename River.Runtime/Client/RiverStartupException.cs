namespace River;

/// <summary>Thrown by <see cref="RiverClient.StartAsync"/> when the database is unreachable or not migrated.</summary>
public sealed class RiverStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RiverStartupException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public RiverStartupException(string message, Exception innerException) : base(message, innerException) { }
}
