namespace River;

/// <summary>A fetched job's kind has no worker in this client; recorded as the attempt's error (the job is retried, perhaps by another client).</summary>
public sealed class UnknownJobKindException : Exception
{
    /// <summary>Creates the exception for a kind.</summary>
    public UnknownJobKindException(string kind)
        : base($"No worker is registered for job kind '{kind}' in this client.")
    {
        Kind = kind;
    }

    /// <summary>The kind.</summary>
    public string Kind { get; }
}
