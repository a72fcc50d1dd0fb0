using System.CommandLine;

namespace River.Cli.Commands;

/// <summary><c>river migrate-down</c>: reverts versions.</summary>
internal static class MigrateDownCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var target = CommonOptions.TargetVersion("End at this version; 0 removes everything (default: one step down).");
        var dryRun = CommonOptions.DryRun();
        var command = new Command("migrate-down", "Revert River migrations: one step by default.") { url, schema, target, dryRun };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var (migrator, dataSource) = CommonOptions.Migrator(db, parse.GetValue(schema));
            await using (dataSource)
            {
                var result = await migrator.MigrateDownAsync(
                    new MigrationRunOptions { TargetVersion = parse.GetValue(target), DryRun = parse.GetValue(dryRun) }, ct);
                MigrateReport.Write(context.Out, result);
                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
