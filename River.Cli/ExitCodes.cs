namespace River.Cli;

/// <summary>The exit codes of the <c>river</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>Success (for <c>validate</c>: the database is up to date).</summary>
    public const int Ok = 0;

    /// <summary><c>validate</c>: migrations are pending.</summary>
    public const int ValidationFailed = 1;

    /// <summary>Bad usage: unknown option, bad value, invalid URL, unknown version, invalid schema name.</summary>
    public const int Usage = 2;

    /// <summary>The database could not be reached or refused the request.</summary>
    public const int DatabaseError = 3;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
