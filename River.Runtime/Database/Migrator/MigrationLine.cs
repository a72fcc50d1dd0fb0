using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace River;

/// <summary>
/// One migration line: its versions 1 to <see cref="LatestVersion"/>, read from the SQL files embedded in this assembly as
/// <c>River.Migrations.&lt;line&gt;.NNN.up.sql</c> / <c>.down.sql</c> (<c>Database/Migrations/&lt;line&gt;.NNN.up.sql</c>
/// in the source tree). A line whose names are not given takes each version's name from the first line of its up
/// file (<c>-- ... version N: name</c>), so adding a version is adding its two files.
/// </summary>
internal sealed partial class MigrationLine
{
    private const string ResourcePrefix = "River.Migrations.";
    private readonly Lazy<FrozenDictionary<(int, RiverMigrationDirection), string>> _sql;

    private MigrationLine(string name, IReadOnlyList<string> versionNames, FrozenDictionary<(int, RiverMigrationDirection), string>? preloaded)
    {
        Name = name;
        All = versionNames.Select((n, i) => new RiverMigration(i + 1, n) { Line = name }).ToArray();
        _sql = preloaded is null ? new(() => Load(name, All.Count)) : new(() => preloaded);
    }

    /// <summary>The name recorded in <c>river_migration.line</c>.</summary>
    public string Name { get; }

    /// <summary>All versions, ascending (1 to <see cref="LatestVersion"/>).</summary>
    public IReadOnlyList<RiverMigration> All { get; }

    /// <summary>The latest version shipped (0 for a line without versions).</summary>
    public int LatestVersion => All.Count;

    /// <summary>A line with names given in code (line <c>main</c>, River's); the files are read on first use.</summary>
    public static MigrationLine WithNames(string name, IReadOnlyList<string> versionNames) => new(name, versionNames, null);

    /// <summary>
    /// A line discovered from the embedded files: versions 1, 2, ... up to the first missing one; every version needs
    /// both files, and the versions must be contiguous (checked here, so a gap fails the first use, not a deployment).
    /// </summary>
    public static MigrationLine Discover(string name)
    {
        var assembly = typeof(MigrationLine).Assembly;
        var prefix = ResourcePrefix + name + ".";
        var found = assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
            .ToList();
        var versions = found
            .Select(r => r[prefix.Length..].Split('.'))
            .Where(p => p.Length == 3 && p[0].Length == 3)
            .Select(p => int.Parse(p[0], NumberStyles.None, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()
            .ToList();
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i] != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migration line '{name}' is not contiguous: version {i + 1} is missing (found {string.Join(", ", versions)}). Add Database/Migrations/{name}.{i + 1:000}.up.sql and .down.sql.");
            }
        }

        var sql = Load(name, versions.Count);
        var names = new List<string>();
        for (var v = 1; v <= versions.Count; v++)
        {
            var up = sql[(v, RiverMigrationDirection.Up)];
            var firstLine = up.AsSpan()[..Math.Max(0, up.IndexOf('\n', StringComparison.Ordinal) is var nl and >= 0 ? nl : up.Length)].ToString();
            var match = HeaderPattern().Match(firstLine);
            if (!match.Success || int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) != v)
            {
                throw new InvalidOperationException(
                    $"Migration {name}.{v:000}.up.sql must start with a header line '-- River.Typed line {name}, version {v}: <what it changes>' (found '{firstLine}').");
            }

            names.Add(match.Groups[2].Value.Trim());
        }

        return new MigrationLine(name, names, sql);
    }

    /// <summary>Returns version <paramref name="version"/>, or throws naming the known range.</summary>
    public RiverMigration Get(int version) =>
        version >= 1 && version <= LatestVersion
            ? All[version - 1]
            : throw new RiverMigrationException($"Unknown migration version {version} of line '{Name}': versions 1 to {LatestVersion} exist.");

    /// <summary>The SQL template (with <see cref="SchemaName.Placeholder"/>) of a version and direction.</summary>
    public string Template(int version, RiverMigrationDirection direction)
    {
        Get(version);
        return _sql.Value[(version, direction)];
    }

    private static FrozenDictionary<(int, RiverMigrationDirection), string> Load(string line, int latest)
    {
        var assembly = typeof(MigrationLine).Assembly;
        var result = new Dictionary<(int, RiverMigrationDirection), string>();
        for (var v = 1; v <= latest; v++)
        {
            foreach (var direction in new[] { RiverMigrationDirection.Up, RiverMigrationDirection.Down })
            {
                var resource = $"{ResourcePrefix}{line}.{v:000}.{(direction == RiverMigrationDirection.Up ? "up" : "down")}.sql";
                using var stream = assembly.GetManifestResourceStream(resource)
                    ?? throw new InvalidOperationException($"Embedded migration '{resource}' is missing from {assembly.GetName().Name}.");
                using var reader = new StreamReader(stream);
                result[(v, direction)] = reader.ReadToEnd();
            }
        }

        return result.ToFrozenDictionary();
    }

    [GeneratedRegex(@"^--\s.*\bversion (\d+):\s*(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();
}
