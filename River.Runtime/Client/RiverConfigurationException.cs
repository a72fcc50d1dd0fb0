namespace River;

/// <summary>Thrown when client options are invalid; <see cref="Problems"/> lists each invalid setting.</summary>
public sealed class RiverConfigurationException : Exception
{
    /// <summary>Creates the exception from a list of problems.</summary>
    public RiverConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid River client options: " + string.Join(" ", problems))
    {
        Problems = problems;
    }

    /// <summary>One sentence per invalid setting, naming the setting and the rule.</summary>
    public IReadOnlyList<string> Problems { get; }
}
