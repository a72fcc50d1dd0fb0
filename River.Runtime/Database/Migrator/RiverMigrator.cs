using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace River;

/// <summary>
/// Applies and reverts the schema of two migration lines: River's <c>main</c> (versions 1 to <see cref="LatestVersion"/>)
/// exactly as River does: same objects, same <c>river_migration</c> rows, so a database migrated by River is
/// recognised here and the reverse; and River.Typed's own <c>typed</c> (<see cref="TypedLine"/>: the client registry
/// and the leader fence, every object named <c>river_typed_*</c>), recorded in the same <c>river_migration</c> table
/// under its own line, as River intends for extra lines. A River Go client ignores line <c>typed</c>.
/// </summary>
/// <remarks>
/// Every version runs in its own transaction together with its <c>river_migration</c> row. Each transaction
/// first takes a transaction-level advisory lock derived from the schema name (one lock for all lines) and re-reads
/// the applied versions, so concurrent migrators of the same schema run one after the other and the later ones find
/// nothing left to do. Migrating up to a version already applied does nothing. Line <c>typed</c> needs line
/// <c>main</c> at version 5 or later (its <c>river_migration.line</c> column); <see cref="MigrateUpAllLinesAsync"/>
/// applies main first, then typed.
/// </remarks>
public sealed partial class RiverMigrator
{
    /// <summary>The migration line River records (<c>main</c>).</summary>
    public const string Line = MigrationCatalog.Line;

    /// <summary>River.Typed's own migration line (<c>typed</c>): what River.Typed adds to the schema.</summary>
    public const string TypedLine = MigrationCatalog.TypedLine;

    /// <summary>The latest version of line <c>main</c> this assembly ships (<see cref="LatestVersionOf"/> for any line).</summary>
    public const int LatestVersion = MigrationCatalog.LatestVersion;

    private readonly NpgsqlDataSource _dataSource;
    private readonly MigrationLine _line;
    private readonly string? _schema;
    private readonly string _prefix;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for the database behind <paramref name="dataSource"/>.</summary>
    /// <exception cref="RiverMigrationException">The schema option is not a valid name, or the line option names no line (the message names the rule).</exception>
    public RiverMigrator(NpgsqlDataSource dataSource, RiverMigratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        SchemaName.Validate(options?.Schema);
        _line = MigrationCatalog.ForLine(options?.Line);
        _dataSource = dataSource;
        _schema = options?.Schema;
        _prefix = JobOptionRules.SchemaPrefix(_schema);
        _logger = options?.Logger ?? NullLogger.Instance;
    }

    /// <summary>Every version of line <c>main</c> shipped, ascending (<see cref="MigrationsOf"/> for any line).</summary>
    public static IReadOnlyList<RiverMigration> Migrations => MigrationCatalog.All;

    /// <summary>The migration lines, in the order <see cref="MigrateUpAllLinesAsync"/> applies them: <c>main</c>, then <c>typed</c>.</summary>
    public static IReadOnlyList<string> Lines => MigrationCatalog.LineNames;

    /// <summary>Every version of <paramref name="line"/> shipped, ascending.</summary>
    /// <exception cref="RiverMigrationException">Unknown line (the message names the lines).</exception>
    public static IReadOnlyList<RiverMigration> MigrationsOf(string line) => MigrationCatalog.ForLine(line ?? throw new ArgumentNullException(nameof(line))).All;

    /// <summary>The latest version of <paramref name="line"/> this assembly ships.</summary>
    /// <exception cref="RiverMigrationException">Unknown line (the message names the lines).</exception>
    public static int LatestVersionOf(string line) => MigrationCatalog.ForLine(line ?? throw new ArgumentNullException(nameof(line))).LatestVersion;

    /// <summary>The schema option (null: the connection's search_path).</summary>
    public string? Schema => _schema;

    /// <summary>The line this migrator works on by default (<see cref="RiverMigratorOptions.Line"/>; <c>main</c> unless set).</summary>
    public string SelectedLine => _line.Name;

    /// <summary>
    /// The SQL of one version and direction of line <c>main</c> with the schema substituted, for users of other
    /// migration tools. It does not touch <c>river_migration</c>; record versions there yourself to keep River's tools happy.
    /// </summary>
    /// <exception cref="RiverMigrationException">Unknown version or invalid schema name.</exception>
    public static string GetSql(int version, RiverMigrationDirection direction, string? schema = null) =>
        GetSql(Line, version, direction, schema);

    /// <summary>
    /// The SQL of one version and direction of <paramref name="line"/> with the schema substituted, for users of
    /// other migration tools. It does not touch <c>river_migration</c>: record the version there yourself
    /// (<c>INSERT INTO river_migration (line, version) VALUES ('typed', 1)</c>) so River.Typed's client and tools see it.
    /// </summary>
    /// <exception cref="RiverMigrationException">Unknown line or version, or invalid schema name.</exception>
    public static string GetSql(string line, int version, RiverMigrationDirection direction, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        SchemaName.Validate(schema);
        return SchemaName.Apply(MigrationCatalog.ForLine(line).Template(version, direction), schema);
    }

    /// <summary>Reads which versions of the migrator's line (<see cref="SelectedLine"/>) are applied and which are pending.</summary>
    /// <exception cref="RiverMigrationException">The schema does not exist.</exception>
    public Task<RiverMigrationStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        GetStatusAsync(_line.Name, cancellationToken);

    /// <summary>Reads which versions of <paramref name="line"/> are applied and which are pending.</summary>
    /// <exception cref="RiverMigrationException">Unknown line, or the schema does not exist.</exception>
    public async Task<RiverMigrationStatus> GetStatusAsync(string line, CancellationToken cancellationToken = default)
    {
        var migrationLine = MigrationCatalog.ForLine(line ?? throw new ArgumentNullException(nameof(line)));
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadStatusAsync(connection, null, migrationLine, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks that every line (<see cref="Lines"/>: <c>main</c> and <c>typed</c>) is at its latest version with no
    /// version missing; one message per line that is not, naming the command that fixes it.
    /// </summary>
    public async Task<RiverValidationResult> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var statuses = new List<RiverMigrationStatus>();
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var name in Lines)
            {
                statuses.Add(await ReadStatusAsync(connection, null, MigrationCatalog.ForLine(name), cancellationToken).ConfigureAwait(false));
            }
        }

        var messages = new List<string>();
        foreach (var status in statuses.Where(s => s.Pending.Count > 0))
        {
            var latest = MigrationCatalog.ForLine(status.Line).LatestVersion;
            var what = status.Line == Line ? "River's schema" : $"River.Typed's migration line '{status.Line}'";
            messages.Add(status.Applied.Count == 0
                ? $"{what} is not installed{Where()}: versions 1 to {latest} are pending; run `river migrate-up` (applies every line)."
                : $"Migrations pending{Where()} in line '{status.Line}': version(s) {string.Join(", ", status.Pending.Select(p => p.Version))} (line at version {status.CurrentVersion}, latest is {latest}); run `river migrate-up`.");
        }

        return new RiverValidationResult(messages.Count == 0, messages, statuses[0]) { Lines = statuses };
    }

    /// <summary>
    /// Applies pending versions of one line (<see cref="MigrationRunOptions.Line"/>, else <see cref="SelectedLine"/>)
    /// in ascending order up to <see cref="MigrationRunOptions.TargetVersion"/> (default: the line's latest), one
    /// transaction each. Versions already applied are skipped. <see cref="MigrateUpAllLinesAsync"/> applies every line.
    /// </summary>
    /// <exception cref="RiverMigrationException">Unknown line or target version, line <c>typed</c> before line <c>main</c> reached version 5, or the schema does not exist.</exception>
    public Task<RiverMigrateResult> MigrateUpAsync(MigrationRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var line = options?.Line is { } name ? MigrationCatalog.ForLine(name) : _line;
        var target = options?.TargetVersion ?? line.LatestVersion;
        if (target < 1 || target > line.LatestVersion)
        {
            throw new RiverMigrationException($"Unknown target version {target} of line '{line.Name}' for migrating up: versions 1 to {line.LatestVersion} exist.");
        }

        return MigrateAsync(line, RiverMigrationDirection.Up, target, options?.DryRun ?? false, cancellationToken);
    }

    /// <summary>
    /// Applies every pending version of every line, line <c>main</c> first, then <c>typed</c> (what <c>river migrate-up</c>
    /// does): the schema River.Typed's client needs. Returns one result per line, in <see cref="Lines"/> order.
    /// Only <see cref="MigrationRunOptions.DryRun"/> is read from <paramref name="options"/>.
    /// </summary>
    /// <exception cref="RiverMigrationException">A target version was given (it belongs to one line: use <see cref="MigrateUpAsync"/>), or the schema does not exist.</exception>
    public async Task<IReadOnlyList<RiverMigrateResult>> MigrateUpAllLinesAsync(MigrationRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.TargetVersion is not null)
        {
            throw new RiverMigrationException("A target version belongs to one line: use MigrateUpAsync with MigrationRunOptions.Line (or `river migrate-up --line <line> --target-version N`).");
        }

        var results = new List<RiverMigrateResult>();
        foreach (var name in Lines)
        {
            var line = MigrationCatalog.ForLine(name);
            results.Add(await MigrateAsync(line, RiverMigrationDirection.Up, line.LatestVersion, options?.DryRun ?? false, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// Reverts applied versions of one line (<see cref="MigrationRunOptions.Line"/>, else <see cref="SelectedLine"/>)
    /// in descending order down to <see cref="MigrationRunOptions.TargetVersion"/> (0 reverts everything of the line;
    /// for line <c>main</c> that includes <c>river_migration</c>); without a target, one step. Line <c>main</c> cannot go
    /// below version 5 while line <c>typed</c> has versions applied: revert <c>typed</c> first.
    /// </summary>
    /// <exception cref="RiverMigrationException">Unknown line or target version, a line at a version newer than this assembly knows, line <c>typed</c> still applied, or the schema does not exist.</exception>
    public async Task<RiverMigrateResult> MigrateDownAsync(MigrationRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var line = options?.Line is { } name ? MigrationCatalog.ForLine(name) : _line;
        int target;
        if (options?.TargetVersion is { } requested)
        {
            if (requested < 0 || requested > line.LatestVersion)
            {
                throw new RiverMigrationException($"Unknown target version {requested} of line '{line.Name}' for migrating down: use 0 (everything) to {line.LatestVersion}.");
            }

            target = requested;
        }
        else
        {
            var status = await GetStatusAsync(line.Name, cancellationToken).ConfigureAwait(false);
            target = Math.Max(0, status.CurrentVersion - 1);
        }

        return await MigrateAsync(line, RiverMigrationDirection.Down, target, options?.DryRun ?? false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RiverMigrateResult> MigrateAsync(MigrationLine line, RiverMigrationDirection direction, int target, bool dryRun, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var before = await ReadStatusAsync(connection, null, line, cancellationToken).ConfigureAwait(false);
        if (direction == RiverMigrationDirection.Down && before.CurrentVersion > line.LatestVersion)
        {
            throw new RiverMigrationException(
                $"Line '{line.Name}' of the database is at version {before.CurrentVersion}, newer than the latest version this River.Typed knows ({line.LatestVersion}); migrate it down with the release that migrated it up.");
        }

        if (direction == RiverMigrationDirection.Down && line.Name == Line && target < MigrationCatalog.FirstVersionWithLine
            && before.CurrentVersion >= MigrationCatalog.FirstVersionWithLine)
        {
            // Refuse before the first step rather than half-way (the step re-checks under the lock).
            await CheckLineOrderAsync(connection, null, line, direction, MigrationCatalog.FirstVersionWithLine, cancellationToken).ConfigureAwait(false);
        }

        if (dryRun)
        {
            var plan = Plan(line, direction, target, before)
                .Select(m => new RiverMigrationRun(m.Version, m.Name, direction, TimeSpan.Zero, GetSql(line.Name, m.Version, direction, _schema)) { Line = line.Name })
                .ToList();
            var after = plan.Count == 0 ? before.CurrentVersion
                : direction == RiverMigrationDirection.Up ? Math.Max(before.CurrentVersion, plan[^1].Version)
                : HighestBelow(before, plan[^1].Version);
            return new RiverMigrateResult(direction, true, before.CurrentVersion, after, plan) { Line = line.Name };
        }

        var runs = new List<RiverMigrationRun>();
        while (true)
        {
            var run = await StepAsync(connection, line, direction, target, cancellationToken).ConfigureAwait(false);
            if (run is null)
            {
                break;
            }

            runs.Add(run);
            Logging.MigratorLog.StepDone(_logger, line.Name, run.Direction, run.Version, run.Name, run.Duration.TotalMilliseconds);
        }

        var final = await ReadStatusAsync(connection, null, line, cancellationToken).ConfigureAwait(false);
        return new RiverMigrateResult(direction, false, before.CurrentVersion, final.CurrentVersion, runs) { Line = line.Name };
    }

    /// <summary>Runs the next step towards <paramref name="target"/> in one locked transaction; null when there is none.</summary>
    private async Task<RiverMigrationRun?> StepAsync(NpgsqlConnection connection, MigrationLine line, RiverMigrationDirection direction, int target, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand(MigratorSql.AdvisoryLock, connection, transaction))
        {
            lockCommand.CommandTimeout = 0;
            lockCommand.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = _schema, DataTypeName = "text" });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var status = await ReadStatusAsync(connection, transaction, line, cancellationToken).ConfigureAwait(false);
        var next = Plan(line, direction, target, status).FirstOrDefault();
        if (next is null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        await CheckLineOrderAsync(connection, transaction, line, direction, next.Version, cancellationToken).ConfigureAwait(false);
        var sql = GetSql(line.Name, next.Version, direction, _schema);
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await RecordAsync(connection, transaction, line, direction, next.Version, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RiverMigrationRun(next.Version, next.Name, direction, stopwatch.Elapsed, sql) { Line = line.Name };
    }

    /// <summary>
    /// Line typed lives in line main's <c>river_migration</c> (the <c>line</c> column, main version 5): it cannot be
    /// applied before, and main cannot go below 5 while typed is applied (River's version 4 table has no lines).
    /// </summary>
    private async Task CheckLineOrderAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, MigrationLine line, RiverMigrationDirection direction, int version, CancellationToken cancellationToken)
    {
        if (line.Name != Line && direction == RiverMigrationDirection.Up)
        {
            var (_, hasLine) = await ReadTableShapeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (!hasLine)
            {
                throw new RiverMigrationException(
                    $"Line '{line.Name}' needs River's line 'main' at version {MigrationCatalog.FirstVersionWithLine} or later{Where()} (river_migration with its line column): run `river migrate-up` (applies main, then {line.Name}) or RiverMigrator.MigrateUpAllLinesAsync.");
            }
        }
        else if (line.Name == Line && direction == RiverMigrationDirection.Down && version == MigrationCatalog.FirstVersionWithLine)
        {
            foreach (var other in Lines.Where(l => l != Line))
            {
                var status = await ReadStatusAsync(connection, transaction, MigrationCatalog.ForLine(other), cancellationToken).ConfigureAwait(false);
                if (status.Applied.Count > 0)
                {
                    throw new RiverMigrationException(
                        $"Line 'main' cannot go below version {MigrationCatalog.FirstVersionWithLine}{Where()} while line '{other}' is at version {status.CurrentVersion}: revert it first with `river migrate-down --line {other} --target-version 0`.");
                }
            }
        }
    }

    private static IEnumerable<RiverMigration> Plan(MigrationLine line, RiverMigrationDirection direction, int target, RiverMigrationStatus status) =>
        direction == RiverMigrationDirection.Up
            ? status.Pending.Where(m => m.Version <= target)
            : status.Applied
                .Where(a => a.Version > target && a.Version <= line.LatestVersion)
                .OrderByDescending(a => a.Version)
                .Select(a => line.Get((int)a.Version));

    private static int HighestBelow(RiverMigrationStatus status, int version) =>
        (int)status.Applied.Where(a => a.Version < version).Select(a => a.Version).DefaultIfEmpty(0).Max();

    private async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MigrationLine line, RiverMigrationDirection direction, int version, CancellationToken cancellationToken)
    {
        var (exists, hasLine) = await ReadTableShapeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (!exists)
        {
            // Down from version 1 dropped the table together with its rows.
            return;
        }

        var sql = (direction, hasLine) switch
        {
            (RiverMigrationDirection.Up, true) => MigratorSql.InsertWithLine(_prefix),
            (RiverMigrationDirection.Up, false) => MigratorSql.InsertWithoutLine(_prefix),
            (_, true) => MigratorSql.DeleteWithLine(_prefix),
            _ => MigratorSql.DeleteWithoutLine(_prefix),
        };
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (hasLine)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = line.Name });
        }

        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<RiverMigrationStatus> ReadStatusAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, MigrationLine line, CancellationToken cancellationToken)
    {
        if (_schema is not null)
        {
            await using var schemaCommand = new NpgsqlCommand(MigratorSql.SchemaExists, connection, transaction);
            schemaCommand.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _schema });
            if (await schemaCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                throw new RiverMigrationException($"Schema '{_schema}' does not exist in database '{connection.Database}'; create it first (CREATE SCHEMA {_schema}).");
            }
        }

        var (exists, hasLine) = await ReadTableShapeAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var applied = new List<RiverAppliedMigration>();
        if (exists && (hasLine || line.Name == Line))
        {
            await using var command = new NpgsqlCommand(
                hasLine ? MigratorSql.SelectAppliedWithLine(_prefix) : MigratorSql.SelectAppliedWithoutLine(_prefix), connection, transaction);
            if (hasLine)
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = line.Name });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(new RiverAppliedMigration(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        var pending = line.All.Where(m => !applied.Exists(a => a.Version == m.Version)).ToList();
        return new RiverMigrationStatus(applied, pending) { Line = line.Name };
    }

    private async Task<(bool Exists, bool HasLine)> ReadTableShapeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(MigratorSql.MigrationTableShape, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _prefix + "river_migration" });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetBoolean(0), reader.GetBoolean(1));
    }

    private string Where() => _schema is null ? "" : $" in schema '{_schema}'";
}
