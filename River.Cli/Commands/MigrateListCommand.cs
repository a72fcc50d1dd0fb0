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
        var command = new Command("migrate-list", "List River's migrations: applied (with time) and pending.") { url, schema };
        command.SetAction((parse, ct) => runner.RunAsync(parse.GetValue(url), async (db, context) =>
        {
            var (migrator, dataSource) = CommonOptions.Migrator(db, parse.GetValue(schema));
            await using (dataSource)
            {
                var status = await migrator.GetStatusAsync(ct);
                context.Out.WriteLine("version  state    applied at (UTC)      name");
                foreach (var migration in RiverMigrator.Migrations)
                {
                    var applied = status.Applied.FirstOrDefault(a => a.Version == migration.Version);
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{migration.Version,-8} {(applied is null ? "pending" : "applied"),-8} {(applied is null ? "-" : applied.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),-21} {migration.Name}"));
                }

                foreach (var unknown in status.Applied.Where(a => a.Version > RiverMigrator.LatestVersion))
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{unknown.Version,-8} {"applied",-8} {unknown.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} (unknown to this version of River.Typed)"));
                }

                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
