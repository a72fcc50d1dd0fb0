using System.Text;
using Npgsql;
using River.Database.Queries;
using River.Insertion;
using River.Logging;
using River.Services;

namespace River.Periodic;

/// <summary>
/// Upserts a client's code-declared periodic jobs into <c>river_typed_schedule</c> (at start, and when the leader
/// sees its collection change): a new id gets a row (its first run: after the newest job a pre-table version
/// enqueued for it, else now with RunOnStart, else the schedule's first time); a stored declaration is replaced
/// only when <see cref="DefinitionPrecedence"/> says so, and a losing declaration is logged once per stored
/// definition. Paused flags, runs and triggers are never touched.
/// </summary>
internal sealed class CodeDeclarations(ClientContext context, string version)
{
    private readonly HashSet<(string Id, string Hash)> _logged = [];
    private readonly InsertPreparer _preparer = new(context.Options.MaxAttempts, context.Time);

    /// <summary>The app version this client declares with.</summary>
    public string Version { get; } = version;

    /// <summary>The stored definition of a code job (its sample insert resolved with the client's defaults).</summary>
    public ScheduleDefinition Define(PeriodicJob job)
    {
        var (text, zone) = ScheduleText.Of(job.Schedule);
        string? kind = null, args = null;
        string queue = RiverDefaults.Queue, metadata = "{}";
        int priority = RiverDefaults.Priority, maxAttempts = context.Options.MaxAttempts;
        IReadOnlyList<string> tags = [];
        if (job.Sample is { } sample)
        {
            var request = sample();
            var prepared = _preparer.Prepare(request.Definition, request.EncodedArgs, request.Options);
            (kind, args, queue, priority, maxAttempts, metadata) = (prepared.Kind, Encoding.UTF8.GetString(prepared.EncodedArgs.Span),
                prepared.Queue, prepared.Priority, prepared.MaxAttempts, prepared.Metadata);
            tags = prepared.TagsJoined.Length == 0 ? [] : prepared.TagsJoined.Split(',');
        }
        return new ScheduleDefinition(job.Id, ScheduleOwner.Code, text, zone, kind, args, queue, priority, maxAttempts, tags, metadata,
            job.Misfire, job.MaxMisfireRuns, job.RunOnStart, Version);
    }

    /// <summary>Upserts <paramref name="jobs"/> in one transaction; returns each id's next run as stored.</summary>
    public async Task<Dictionary<string, DateTimeOffset?>> UpsertAsync(IReadOnlyCollection<PeriodicJob> jobs, CancellationToken cancellationToken)
    {
        var nextRuns = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        if (jobs.Count == 0)
        {
            return nextRuns;
        }
        var sql = context.Sql.Schedules;
        var ordered = jobs.OrderBy(j => j.Id, StringComparer.Ordinal).ToList();
        var ids = ordered.Select(j => j.Id).ToArray();
        var now = context.Time.GetUtcNow();

        await using var connection = await context.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Firings a version before durable schedules enqueued: a new row continues after the newest.
        var history = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(context.Sql.Maintenance.LastPeriodicFirings, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                history[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        var definitions = new Dictionary<string, (PeriodicJob Job, ScheduleDefinition Definition)>(StringComparer.Ordinal);
        foreach (var job in ordered)
        {
            var definition = Define(job);
            definitions[job.Id] = (job, definition);
            var next = history.TryGetValue(job.Id, out var last) ? SafeNext(job, last) : job.RunOnStart ? now : SafeNext(job, now);
            if (await ScheduleStore.InsertAsync(connection, transaction, sql, definition, paused: false, next, cancellationToken).ConfigureAwait(false))
            {
                nextRuns[job.Id] = next;
            }
        }

        var stored = new List<(ScheduleInfo Row, string Hash)>();
        await using (var cmd = new NpgsqlCommand(sql.LockMany, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids.Where(id => !nextRuns.ContainsKey(id)).ToArray()));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add((ScheduleStore.Read(reader), ScheduleStore.ReadHash(reader)));
            }
        }
        foreach (var (row, hash) in stored)
        {
            var (job, definition) = definitions[row.Id];
            nextRuns[row.Id] = row.NextRunAt;
            var replaces = row.Owner == ScheduleOwner.Runtime
                || DefinitionPrecedence.Replaces(definition.Version, definition.Hash, row.DefinitionVersion, hash);
            if (!replaces)
            {
                if (!string.Equals(definition.Hash, hash, StringComparison.Ordinal) && _logged.Add((row.Id, hash)))
                {
                    ScheduleLog.DeclarationLost(context.Logger, row.Id, definition.Version, row.DefinitionVersion);
                }
                continue;
            }
            var timingChanged = row.Schedule != definition.Schedule || row.TimeZone != definition.TimeZone;
            var next = timingChanged ? SafeNext(job, row.LastRunAt is { } l && l > now ? l : now) : null;
            var updated = await ScheduleStore.UpdateAsync(connection, transaction, sql, definition, next, cancellationToken).ConfigureAwait(false);
            nextRuns[row.Id] = updated?.NextRunAt;
            ScheduleLog.DeclarationReplaced(context.Logger, row.Id, definition.Version, row.DefinitionVersion);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return nextRuns;
    }

    private DateTimeOffset? SafeNext(PeriodicJob job, DateTimeOffset after)
    {
        try
        {
            var next = job.Schedule.Next(after);
            return next > after && next != DateTimeOffset.MaxValue ? next : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            MaintenanceLog.PeriodicScheduleFailed(context.Logger, e, job.Id, after);
            return null;
        }
    }
}
