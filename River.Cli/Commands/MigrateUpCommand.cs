using System.CommandLine;

namespace River.Cli.Commands;

/// <summary><c>river migrate-up</c>: applies pending versions.</summary>
internal static class MigrateUpCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var target = CommonOptions.TargetVersion($"Stop at this version (default: the latest, {RiverMigrator.LatestVersion}).");
        var dryRun = CommonOptions.DryRun();
        var command = new Command("migrate-up", "Apply River's pending migrations (one transaction each).") { url, schema, target, dryRun };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var (migrator, dataSource) = CommonOptions.Migrator(db, parse.GetValue(schema));
            await using (dataSource)
            {
                var result = await migrator.MigrateUpAsync(
                    new MigrationRunOptions { TargetVersion = parse.GetValue(target), DryRun = parse.GetValue(dryRun) }, ct);
                MigrateReport.Write(context.Out, result);
                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
