namespace River.Cli.Tests;

/// <summary>Runs the CLI in-process through its entry point and captures what it prints.</summary>
internal static class CliHarness
{
    public sealed record Outcome(int ExitCode, string Out, string Error)
    {
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Outcome> RunAsync(params string[] args) => await RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    public static async Task<Outcome> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RiverCli.RunAsync(args, output, error, name => environment.TryGetValue(name, out var v) ? v : null, CancellationToken.None);
        return new Outcome(code, output.ToString(), error.ToString());
    }
}
