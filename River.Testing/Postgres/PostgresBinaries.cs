namespace River.Testing;

/// <summary>Finds the folder holding PostgreSQL's server binaries.</summary>
internal static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>
    /// Returns the folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>: <paramref name="configured"/>
    /// when given, else the real folder of <c>pg_ctl</c> on PATH (symlinks resolved), else the highest
    /// version under <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No usable folder was found; the message says where it looked.</exception>
    public static string Locate(string? configured)
    {
        if (configured is not null)
        {
            return HasServerBinaries(configured)
                ? configured
                : throw new InvalidOperationException(
                    $"PostgreSQL binaries not found: '{configured}' does not contain initdb, pg_ctl and postgres.");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var pgCtl = Path.Combine(dir, "pg_ctl");
            if (!File.Exists(pgCtl))
            {
                continue;
            }

            var real = new FileInfo(pgCtl).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl;
            var realDir = Path.GetDirectoryName(real);
            if (realDir is not null && HasServerBinaries(realDir))
            {
                return realDir;
            }
        }

        if (Directory.Exists(DebianRoot))
        {
            var best = Directory.GetDirectories(DebianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
                .Where(c => c.Version is not null && HasServerBinaries(c.Dir))
                .OrderByDescending(c => c.Version)
                .FirstOrDefault();
            if (best.Dir is not null)
            {
                return best.Dir;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries not found: no pg_ctl on PATH and none under /usr/lib/postgresql/*/bin. " +
            "Install the server (Debian: apt-get install postgresql) or set ThrowawayPostgresOptions.BinDirectory.");
    }

    private static bool HasServerBinaries(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) &&
        File.Exists(Path.Combine(dir, "pg_ctl")) &&
        File.Exists(Path.Combine(dir, "postgres"));

    private static Version? ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var v) ? v : null;
}
