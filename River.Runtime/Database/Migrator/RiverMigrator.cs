using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace River;

/// <summary>
/// Applies and reverts River's schema (migration line <c>main</c>, versions 1 to <see cref="LatestVersion"/>)
/// exactly as River does: same objects, same <c>river_migration</c> rows, so a database migrated by River is
/// recognised here and the reverse.
/// </summary>
/// <remarks>
/// Every version runs in its own transaction together with its <c>river_migration</c> row. Each transaction
/// first takes a transaction-level advisory lock derived from the schema name and re-reads the applied
/// versions, so concurrent migrators of the same schema run one after the other and the later ones find
/// nothing left to do. Migrating up to a version already applied does nothing.
/// </remarks>
public sealed partial class RiverMigrator
{
    /// <summary>The migration line River records (<c>main</c>).</summary>
    public const string Line = MigrationCatalog.Line;

    /// <summary>The latest version this assembly ships.</summary>
    public const int LatestVersion = MigrationCatalog.LatestVersion;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string? _schema;
    private readonly string _prefix;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for the database behind <paramref name="dataSource"/>.</summary>
    /// <exception cref="RiverMigrationException">The schema option is not a valid name (the message names the rule).</exception>
    public RiverMigrator(NpgsqlDataSource dataSource, RiverMigratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        SchemaName.Validate(options?.Schema);
        _dataSource = dataSource;
        _schema = options?.Schema;
        _prefix = JobOptionRules.SchemaPrefix(_schema);
        _logger = options?.Logger ?? NullLogger.Instance;
    }

    /// <summary>Every version shipped, ascending.</summary>
    public static IReadOnlyList<RiverMigration> Migrations => MigrationCatalog.All;

    /// <summary>The schema option (null: the connection's search_path).</summary>
    public string? Schema => _schema;

    /// <summary>
    /// The SQL of one version and direction with the schema substituted, for users of other migration
    /// tools. It does not touch <c>river_migration</c>; record versions there yourself to keep River's tools happy.
    /// </summary>
    /// <exception cref="RiverMigrationException">Unknown version or invalid schema name.</exception>
    public static string GetSql(int version, RiverMigrationDirection direction, string? schema = null)
    {
        SchemaName.Validate(schema);
        return SchemaName.Apply(MigrationCatalog.Template(version, direction), schema);
    }

    /// <summary>Reads which versions are applied and which are pending.</summary>
    /// <exception cref="RiverMigrationException">The schema does not exist.</exception>
    public async Task<RiverMigrationStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadStatusAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks that the database is at the latest version with no version missing.</summary>
    public async Task<RiverValidationResult> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var messages = new List<string>();
        if (status.Pending.Count > 0)
        {
            messages.Add(status.Applied.Count == 0
                ? $"River's schema is not installed{Where()}: versions 1 to {LatestVersion} are pending."
                : $"Migrations pending{Where()}: version(s) {string.Join(", ", status.Pending.Select(p => p.Version))} (database at version {status.CurrentVersion}, latest is {LatestVersion}).");
        }

        return new RiverValidationResult(messages.Count == 0, messages, status);
    }

    /// <summary>
    /// Applies pending versions in ascending order up to <see cref="MigrationRunOptions.TargetVersion"/>
    /// (default: the latest), one transaction each. Versions already applied are skipped.
    /// </summary>
    /// <exception cref="RiverMigrationException">Unknown target version, or the schema does not exist.</exception>
    public Task<RiverMigrateResult> MigrateUpAsync(MigrationRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var target = options?.TargetVersion ?? LatestVersion;
        if (target is < 1 or > LatestVersion)
        {
            throw new RiverMigrationException($"Unknown target version {target} for migrating up: versions 1 to {LatestVersion} exist.");
        }

        return MigrateAsync(RiverMigrationDirection.Up, target, options?.DryRun ?? false, cancellationToken);
    }

    /// <summary>
    /// Reverts applied versions in descending order down to <see cref="MigrationRunOptions.TargetVersion"/>
    /// (0 reverts everything, <c>river_migration</c> included); without a target, one step.
    /// </summary>
    /// <exception cref="RiverMigrationException">Unknown target version, a database at a version newer than this assembly knows, or the schema does not exist.</exception>
    public async Task<RiverMigrateResult> MigrateDownAsync(MigrationRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        int target;
        if (options?.TargetVersion is { } requested)
        {
            if (requested is < 0 or > LatestVersion)
            {
                throw new RiverMigrationException($"Unknown target version {requested} for migrating down: use 0 (everything) to {LatestVersion}.");
            }

            target = requested;
        }
        else
        {
            var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
            target = Math.Max(0, status.CurrentVersion - 1);
        }

        return await MigrateAsync(RiverMigrationDirection.Down, target, options?.DryRun ?? false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RiverMigrateResult> MigrateAsync(RiverMigrationDirection direction, int target, bool dryRun, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var before = await ReadStatusAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (direction == RiverMigrationDirection.Down && before.CurrentVersion > LatestVersion)
        {
            throw new RiverMigrationException(
                $"The database is at version {before.CurrentVersion}, newer than the latest version this River.Typed knows ({LatestVersion}); migrate it down with the River release that migrated it up.");
        }

        if (dryRun)
        {
            var plan = Plan(direction, target, before)
                .Select(m => new RiverMigrationRun(m.Version, m.Name, direction, TimeSpan.Zero, GetSql(m.Version, direction, _schema)))
                .ToList();
            var after = plan.Count == 0 ? before.CurrentVersion
                : direction == RiverMigrationDirection.Up ? Math.Max(before.CurrentVersion, plan[^1].Version)
                : HighestBelow(before, plan[^1].Version);
            return new RiverMigrateResult(direction, true, before.CurrentVersion, after, plan);
        }

        var runs = new List<RiverMigrationRun>();
        while (true)
        {
            var run = await StepAsync(connection, direction, target, cancellationToken).ConfigureAwait(false);
            if (run is null)
            {
                break;
            }

            runs.Add(run);
            Logging.MigratorLog.StepDone(_logger, run.Direction, run.Version, run.Name, run.Duration.TotalMilliseconds);
        }

        var final = await ReadStatusAsync(connection, null, cancellationToken).ConfigureAwait(false);
        return new RiverMigrateResult(direction, false, before.CurrentVersion, final.CurrentVersion, runs);
    }

    /// <summary>Runs the next step towards <paramref name="target"/> in one locked transaction; null when there is none.</summary>
    private async Task<RiverMigrationRun?> StepAsync(NpgsqlConnection connection, RiverMigrationDirection direction, int target, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand(MigratorSql.AdvisoryLock, connection, transaction))
        {
            lockCommand.CommandTimeout = 0;
            lockCommand.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = _schema, DataTypeName = "text" });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var status = await ReadStatusAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var next = Plan(direction, target, status).FirstOrDefault();
        if (next is null)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        var sql = GetSql(next.Version, direction, _schema);
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await RecordAsync(connection, transaction, direction, next.Version, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RiverMigrationRun(next.Version, next.Name, direction, stopwatch.Elapsed, sql);
    }

    private static IEnumerable<RiverMigration> Plan(RiverMigrationDirection direction, int target, RiverMigrationStatus status) =>
        direction == RiverMigrationDirection.Up
            ? status.Pending.Where(m => m.Version <= target)
            : status.Applied
                .Where(a => a.Version > target && a.Version <= LatestVersion)
                .OrderByDescending(a => a.Version)
                .Select(a => MigrationCatalog.Get((int)a.Version));

    private static int HighestBelow(RiverMigrationStatus status, int version) =>
        (int)status.Applied.Where(a => a.Version < version).Select(a => a.Version).DefaultIfEmpty(0).Max();

    private async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RiverMigrationDirection direction, int version, CancellationToken cancellationToken)
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
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Line });
        }

        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = version });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<RiverMigrationStatus> ReadStatusAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
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
        if (exists)
        {
            await using var command = new NpgsqlCommand(
                hasLine ? MigratorSql.SelectAppliedWithLine(_prefix) : MigratorSql.SelectAppliedWithoutLine(_prefix), connection, transaction);
            if (hasLine)
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Line });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(new RiverAppliedMigration(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        var pending = MigrationCatalog.All.Where(m => !applied.Exists(a => a.Version == m.Version)).ToList();
        return new RiverMigrationStatus(applied, pending);
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
