namespace River.Cli;

/// <summary>A failure the CLI reports as one line with the given exit code.</summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    /// <summary>The process exit code to return.</summary>
    public int ExitCode { get; } = exitCode;
}
