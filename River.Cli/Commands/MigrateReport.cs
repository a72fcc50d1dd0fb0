using System.Globalization;

namespace River.Cli.Commands;

/// <summary>Prints what a migrate call did.</summary>
internal static class MigrateReport
{
    public static void Write(TextWriter output, RiverMigrateResult result)
    {
        var verb = result.Direction == RiverMigrationDirection.Up ? "applied" : "reverted";
        if (result.DryRun)
        {
            foreach (var run in result.Runs)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- River main version {run.Version} {run.Direction.ToString().ToLowerInvariant()}: {run.Name}"));
                output.WriteLine(run.Sql.TrimEnd());
                output.WriteLine();
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dry run: {result.Runs.Count} version(s) would be {verb}; database would go from version {result.VersionBefore} to {result.VersionAfter}"));
            return;
        }

        foreach (var run in result.Runs)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verb} version {run.Version} ({run.Name}) in {run.Duration.TotalMilliseconds:F1} ms"));
        }

        output.WriteLine(result.Runs.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"nothing to do: database at version {result.VersionAfter}")
            : string.Create(CultureInfo.InvariantCulture, $"database at version {result.VersionAfter}"));
    }
}
