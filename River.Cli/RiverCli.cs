using System.CommandLine;
using River.Cli.Commands;

namespace River.Cli;

/// <summary>
/// The <c>river</c> command line: <c>migrate-up</c>, <c>migrate-down</c>, <c>migrate-list</c>,
/// <c>migrate-get</c>, <c>validate</c>, <c>bench</c>, <c>dashboard</c>, <c>bench-dashboard</c>, <c>schedules</c>. New commands (e.g. <c>bench</c>) are one file in Commands/ and one
/// line in <see cref="BuildRoot"/>.
/// </summary>
internal static class RiverCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken)
    {
        var context = new CliContext(output, error, getEnvironmentVariable);
        var root = BuildRoot(new CliRunner(context));
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (args.Length == 0)
        {
            await root.Parse(["--help"]).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // No response files: "@every 1h" is a schedule, not a file to read arguments from.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            // One line, not the default errors-plus-help page.
            var help = string.Join(' ', CommandPath(parse).Prepend("river").Append("--help"));
            error.WriteLine($"error: {string.Join("; ", parse.Errors.Select(e => e.Message).Distinct())} (see '{help}')");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the command tree.</summary>
    public static RootCommand BuildRoot(CliRunner runner) => new("river: River.Typed's command line (migrations for River's PostgreSQL schema, benchmarks).")
    {
        MigrateUpCommand.Create(runner),
        MigrateDownCommand.Create(runner),
        MigrateListCommand.Create(runner),
        MigrateGetCommand.Create(runner),
        ValidateCommand.Create(runner),
        ClientsCommand.Create(runner),
        BenchCommand.Create(runner),
        BenchWorkerCommand.Create(runner),
        DashboardCommand.Create(runner),
        DashboardBenchCommand.Create(runner),
        SchedulesCommand.Create(runner),
        LimitsCommand.Create(runner),
    };

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null && result.Command is not RootCommand; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
