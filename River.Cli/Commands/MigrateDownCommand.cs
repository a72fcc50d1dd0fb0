using System.CommandLine;

namespace River.Cli.Commands;

/// <summary><c>river migrate-down</c>: reverts versions.</summary>
internal static class MigrateDownCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var line = CommonOptions.Line("main (revert typed first to take main below version 5)");
        var target = CommonOptions.TargetVersion("End at this version of the line; 0 removes all of the line (default: one step down).");
        var dryRun = CommonOptions.DryRun();
        var command = new Command("migrate-down", "Revert migrations of one line (main unless --line): one step by default.") { url, schema, line, target, dryRun };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var (migrator, dataSource) = CommonOptions.Migrator(db, parse.GetValue(schema));
            await using (dataSource)
            {
                var result = await migrator.MigrateDownAsync(
                    new MigrationRunOptions { Line = parse.GetValue(line), TargetVersion = parse.GetValue(target), DryRun = parse.GetValue(dryRun) }, ct);
                MigrateReport.Write(context.Out, result);
                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
