using System.CommandLine;

namespace River.Cli.Commands;

/// <summary><c>river migrate-up</c>: applies pending versions.</summary>
internal static class MigrateUpCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var line = CommonOptions.Line("every line, main then typed (with --target-version: main)");
        var target = CommonOptions.TargetVersion($"Stop at this version of the line (default: the line's latest; main's is {RiverMigrator.LatestVersion}).");
        var dryRun = CommonOptions.DryRun();
        var command = new Command("migrate-up", "Apply pending migrations of every line (main, then typed), one transaction each; --line selects one.") { url, schema, line, target, dryRun };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var (migrator, dataSource) = CommonOptions.Migrator(db, parse.GetValue(schema));
            await using (dataSource)
            {
                var (selected, version) = (parse.GetValue(line), parse.GetValue(target));
                var options = new MigrationRunOptions { Line = selected, TargetVersion = version, DryRun = parse.GetValue(dryRun) };
                var results = selected is null && version is null
                    ? await migrator.MigrateUpAllLinesAsync(options, ct)
                    : [await migrator.MigrateUpAsync(options, ct)];
                foreach (var result in results)
                {
                    MigrateReport.Write(context.Out, result);
                }

                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
