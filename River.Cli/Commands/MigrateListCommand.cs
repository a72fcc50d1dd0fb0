using System.CommandLine;
using System.Globalization;

namespace River.Cli.Commands;

/// <summary><c>river migrate-list</c>: every version with its state.</summary>
internal static class MigrateListCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        var schema = CommonOptions.Schema();
        var line = CommonOptions.Line("every line");
        var command = new Command("migrate-list", "List the migrations of every line (or --line): applied (with time) and pending.") { url, schema, line };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var (migrator, dataSource) = CommonOptions.Migrator(db, parse.GetValue(schema));
            await using (dataSource)
            {
                context.Out.WriteLine("line   version  state    applied at (UTC)      name");
                foreach (var name in parse.GetValue(line) is { } one ? [one] : RiverMigrator.Lines)
                {
                    var status = await migrator.GetStatusAsync(name, ct);
                    foreach (var migration in RiverMigrator.MigrationsOf(name))
                    {
                        var applied = status.Applied.FirstOrDefault(a => a.Version == migration.Version);
                        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{name,-6} {migration.Version,-8} {(applied is null ? "pending" : "applied"),-8} {(applied is null ? "-" : applied.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),-21} {migration.Name}"));
                    }

                    foreach (var unknown in status.Applied.Where(a => a.Version > RiverMigrator.LatestVersionOf(name)))
                    {
                        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{name,-6} {unknown.Version,-8} {"applied",-8} {unknown.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} (unknown to this version of River.Typed)"));
                    }
                }

                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
