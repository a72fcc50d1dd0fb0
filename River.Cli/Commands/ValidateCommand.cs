using System.CommandLine;
using System.Globalization;

namespace River.Cli.Commands;

/// <summary><c>river validate</c>: exit 0 when the database is at the latest version, 1 when migrations are pending.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var command = new Command("validate", "Check that River's schema is at the latest version (exit 1 when migrations are pending).") { url, schema };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var (migrator, dataSource) = CommonOptions.Migrator(db, parse.GetValue(schema));
            await using (dataSource)
            {
                var result = await migrator.ValidateAsync(ct);
                if (result.IsValid)
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok: database at version {result.Status.CurrentVersion} (latest)"));
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
