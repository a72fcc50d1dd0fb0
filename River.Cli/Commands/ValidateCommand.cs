using System.CommandLine;
using System.Globalization;

namespace River.Cli.Commands;

/// <summary><c>river validate</c>: exit 0 when every line is at its latest version, 1 when migrations of any line are pending.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var command = new Command("validate", "Check that every migration line (main and typed) is at its latest version (exit 1 when migrations are pending).") { url, schema };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var (migrator, dataSource) = CommonOptions.Migrator(db, parse.GetValue(schema));
            await using (dataSource)
            {
                var result = await migrator.ValidateAsync(ct);
                if (result.IsValid)
                {
                    foreach (var status in result.Lines)
                    {
                        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok: line {status.Line} at version {status.CurrentVersion} (latest)"));
                    }

                    return ExitCodes.Ok;
                }

                foreach (var message in result.Messages)
                {
                    context.Error.WriteLine("invalid: " + message);
                }

                return ExitCodes.ValidationFailed;
            }
        }, ct));
        return command;
    }
}
