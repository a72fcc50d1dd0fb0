using System.CommandLine;

namespace River.Cli.Commands;

/// <summary><c>river migrate-get</c>: prints the SQL of a version, for other migration tools. Needs no database.</summary>
internal static class MigrateGetCommand
{
    public static Command Create(CliRunner runner)
    {
        var version = new Option<int>("--version") { Description = $"The version (main: 1 to {RiverMigrator.LatestVersion}; typed: 1 to {RiverMigrator.LatestVersionOf(RiverMigrator.TypedLine)}).", Required = true };
        var line = CommonOptions.Line("main");
        var up = new Option<bool>("--up") { Description = "Print the up SQL." };
        var down = new Option<bool>("--down") { Description = "Print the down SQL." };
        var schema = CommonOptions.Schema();
        var command = new Command("migrate-get", "Print the SQL of one migration version of a line (up or down), schema substituted, for other migration tools.") { version, line, up, down, schema };
        command.SetAction((parse, ct) => runner.RunOfflineAsync(context =>
        {
            var (isUp, isDown) = (parse.GetValue(up), parse.GetValue(down));
            if (isUp == isDown)
            {
                throw new CliException("migrate-get needs exactly one of --up or --down", ExitCodes.Usage);
            }

            var sql = RiverMigrator.GetSql(parse.GetValue(line) ?? RiverMigrator.Line, parse.GetValue(version), isUp ? RiverMigrationDirection.Up : RiverMigrationDirection.Down, parse.GetValue(schema));
            context.Out.WriteLine(sql.TrimEnd());
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
