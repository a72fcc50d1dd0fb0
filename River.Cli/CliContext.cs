namespace River.Cli;

/// <summary>What a command needs from its surroundings: the output streams and the environment.</summary>
/// <param name="Out">Standard output (results).</param>
/// <param name="Error">Standard error (one line per failure).</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable (injectable for tests).</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironmentVariable);
