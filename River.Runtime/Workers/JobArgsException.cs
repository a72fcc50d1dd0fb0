namespace River;

/// <summary>The args of a job could not be decoded into its args type; recorded as the attempt's error.</summary>
public sealed class JobArgsException : Exception
{
    /// <summary>Creates the exception for a kind.</summary>
    public JobArgsException(string kind, Exception innerException)
        : base($"The args of job kind '{kind}' cannot be read: {innerException.Message}", innerException)
    {
        Kind = kind;
    }

    /// <summary>The job kind.</summary>
    public string Kind { get; }
}
