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
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"-- River {result.Line} version {run.Version} {run.Direction.ToString().ToLowerInvariant()}: {run.Name}"));
                output.WriteLine(run.Sql.TrimEnd());
                output.WriteLine();
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dry run: {result.Runs.Count} version(s) of line {result.Line} would be {verb}; line {result.Line} would go from version {result.VersionBefore} to {result.VersionAfter}"));
            return;
        }

        foreach (var run in result.Runs)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{verb} {result.Line} version {run.Version} ({run.Name}) in {run.Duration.TotalMilliseconds:F1} ms"));
        }

        output.WriteLine(result.Runs.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"nothing to do: line {result.Line} at version {result.VersionAfter}")
            : string.Create(CultureInfo.InvariantCulture, $"line {result.Line} at version {result.VersionAfter}"));
    }
}
