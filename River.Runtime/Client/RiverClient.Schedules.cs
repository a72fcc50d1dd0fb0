using System.Text;
using System.Text.Json;
using Npgsql;
using River.Diagnostics;
using River.Logging;
using River.Periodic;

namespace River;

// Durable schedules (table river_typed_schedule of line typed): list, add, update, pause, resume, remove, trigger.
// Any client can call these, started or not; the leader sees a change on its next pass (within
// PeriodicJobEnqueuer.MaxSleep, 5 s), at once when the change is made through the leader itself.
public sealed partial class RiverClient
{
    /// <summary>The page size of <see cref="ListSchedulesAsync(int, string?, CancellationToken)"/> when none is given: 100.</summary>
    public const int DefaultScheduleListLimit = 100;

    /// <summary>Lists durable schedules by id: up to <paramref name="limit"/> (1 to 10,000) ids after <paramref name="after"/> (exclusive; null: from the first), with their next and last run.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1 to 10,000.</exception>
    public Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(int limit = DefaultScheduleListLimit, string? after = null, CancellationToken cancellationToken = default)
        => WithConnectionAsync<IReadOnlyList<ScheduleInfo>>(null, async (c, t, ct) =>
        {
            await using var cmd = new NpgsqlCommand(_sql.Schedules.List, c, t);
            cmd.Parameters.Add(new NpgsqlParameter<string>("after", after ?? ""));
            cmd.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new List<ScheduleInfo>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(ScheduleStore.Read(reader));
            }
            return rows;
        }, cancellationToken, () =>
        {
            if (limit is < 1 or > 10_000)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), limit, "The schedule list limit must be 1 to 10,000.");
            }
        });

    /// <summary>Reads one durable schedule, or returns <see langword="null"/> when none has the id.</summary>
    public Task<ScheduleInfo?> GetScheduleAsync(string id, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, async (c, t, ct) =>
        {
            await using var cmd = new NpgsqlCommand(_sql.Schedules.Get, c, t);
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            return await ScheduleStore.ReadOneAsync(cmd, ct).ConfigureAwait(false);
        }, cancellationToken, () => CheckScheduleId(id));

    /// <summary>
    /// Creates a durable schedule at run time (owner <see cref="ScheduleOwner.Runtime"/>): its args and options are
    /// stored, so whichever client leads enqueues its runs, each with <c>scheduled_at</c> = the planned time. The
    /// options are resolved now (the job's <see cref="InsertOptions"/>, then its kind's declared defaults, then this
    /// client's), except <see cref="InsertOptions.ScheduledAt"/> (each run's planned time) and uniqueness (not
    /// stored: runs of a run-time schedule are inserted without unique keys).
    /// </summary>
    /// <param name="id">A stable id (River's kind pattern, 2 to 127 characters); it is each run's <c>river:periodic_job_id</c>.</param>
    /// <param name="schedule">A cron expression or <c>@every &lt;duration&gt;</c> (<see cref="PeriodicSchedules.Parse"/>).</param>
    /// <param name="job">The job of every run (<see cref="JobInsertRequest.Create{TArgs}"/>).</param>
    /// <param name="options">Time zone, misfire policy, run-on-start, paused.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored schedule.</returns>
    /// <exception cref="ArgumentException">The id, schedule, time zone, an option or the job is invalid; the message names it.</exception>
    /// <exception cref="InvalidOperationException">A schedule with this id exists (update it, or remove it first).</exception>
    public Task<ScheduleInfo> AddScheduleAsync(string id, string schedule, JobInsertRequest job, ScheduleOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return AddScheduleCoreAsync(DefineRuntime(id, schedule, job.Definition, job.EncodedArgs, job.Options, options ?? new ScheduleOptions()), options ?? new ScheduleOptions(), cancellationToken);
    }

    /// <summary>
    /// Creates a durable schedule from a kind and JSON args (what <c>river schedules add</c> calls): like
    /// <see cref="AddScheduleAsync(string, string, JobInsertRequest, ScheduleOptions?, CancellationToken)"/> without a
    /// generated definition, so only <paramref name="insertOptions"/> and this client's defaults apply.
    /// </summary>
    /// <exception cref="ArgumentException">The id, schedule, time zone, kind, args (not a JSON object) or an option is invalid.</exception>
    /// <exception cref="InvalidOperationException">A schedule with this id exists.</exception>
    public Task<ScheduleInfo> AddScheduleAsync(string id, string schedule, string kind, string argsJson, InsertOptions? insertOptions = null,
        ScheduleOptions? options = null, CancellationToken cancellationToken = default)
        => AddScheduleCoreAsync(DefineRaw(id, schedule, kind, argsJson, insertOptions, options ?? new ScheduleOptions()), options ?? new ScheduleOptions(), cancellationToken);

    /// <summary>
    /// Replaces the definition of a run-time schedule (schedule, job, options; its paused flag, last run and a
    /// pending trigger are kept). When the schedule or time zone changes, the next run becomes the new schedule's
    /// first time after now; otherwise it is kept.
    /// </summary>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    /// <exception cref="RiverNotFoundException">No schedule has this id.</exception>
    /// <exception cref="InvalidOperationException">The schedule is declared in code (change the declaration and deploy; or pause it).</exception>
    public Task<ScheduleInfo> UpdateScheduleAsync(string id, string schedule, JobInsertRequest job, ScheduleOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return UpdateScheduleCoreAsync(DefineRuntime(id, schedule, job.Definition, job.EncodedArgs, job.Options, options ?? new ScheduleOptions()), cancellationToken);
    }

    /// <summary>Replaces the definition of a run-time schedule from a kind and JSON args (see <see cref="UpdateScheduleAsync(string, string, JobInsertRequest, ScheduleOptions?, CancellationToken)"/>).</summary>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    /// <exception cref="RiverNotFoundException">No schedule has this id.</exception>
    /// <exception cref="InvalidOperationException">The schedule is declared in code.</exception>
    public Task<ScheduleInfo> UpdateScheduleAsync(string id, string schedule, string kind, string argsJson, InsertOptions? insertOptions = null,
        ScheduleOptions? options = null, CancellationToken cancellationToken = default)
        => UpdateScheduleCoreAsync(DefineRaw(id, schedule, kind, argsJson, insertOptions, options ?? new ScheduleOptions()), cancellationToken);

    /// <summary>Pauses a schedule (code or run-time): no scheduled run is enqueued until it is resumed. Pausing a paused schedule changes nothing.</summary>
    /// <exception cref="RiverNotFoundException">No schedule has this id.</exception>
    public Task<ScheduleInfo> PauseScheduleAsync(string id, CancellationToken cancellationToken = default)
        => ChangeScheduleAsync(id, "paused", RiverEventKind.SchedulePaused, async (c, ct) =>
        {
            await using var cmd = new NpgsqlCommand(_sql.Schedules.SetPaused, c);
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            cmd.Parameters.Add(new NpgsqlParameter<bool>("paused", true));
            return await ScheduleStore.ReadOneAsync(cmd, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Resumes a paused schedule. Runs that fell due while it was paused are not caught up: when its next run
    /// passed during the pause, the next run becomes the schedule's first time after now.
    /// </summary>
    /// <exception cref="RiverNotFoundException">No schedule has this id.</exception>
    public Task<ScheduleInfo> ResumeScheduleAsync(string id, CancellationToken cancellationToken = default)
        => ChangeScheduleAsync(id, "resumed", RiverEventKind.ScheduleResumed, async (c, ct) =>
        {
            var now = _options.TimeProvider.GetUtcNow();
            DateTimeOffset? next = null;
            await using (var get = new NpgsqlCommand(_sql.Schedules.Get, c))
            {
                get.Parameters.Add(new NpgsqlParameter<string>("id", id));
                if (await ScheduleStore.ReadOneAsync(get, ct).ConfigureAwait(false) is not { } row)
                {
                    return null;
                }
                var schedule = ScheduleText.TryParse(row.Schedule, row.TimeZone)
                    ?? (row.Owner == ScheduleOwner.Code && _options.PeriodicJobs.Snapshot().FirstOrDefault(j => j.Id == id) is { } job ? job.Schedule : null);
                next = schedule is null ? now : schedule.Next(now);
            }
            await using var cmd = new NpgsqlCommand(_sql.Schedules.Resume, c);
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            cmd.Parameters.Add(new NpgsqlParameter<DateTime>("now", now.UtcDateTime));
            cmd.Parameters.Add(ScheduleStore.Timestamp("next_run_at", next));
            return await ScheduleStore.ReadOneAsync(cmd, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Asks the leader to enqueue one run now (planned time = now), paused or not, without moving the schedule; a
    /// trigger already pending is kept (one run). The leader enqueues it on its next pass.
    /// </summary>
    /// <exception cref="RiverNotFoundException">No schedule has this id.</exception>
    public Task<ScheduleInfo> TriggerScheduleAsync(string id, CancellationToken cancellationToken = default)
        => ChangeScheduleAsync(id, "triggered", RiverEventKind.ScheduleTriggered, async (c, ct) =>
        {
            await using var cmd = new NpgsqlCommand(_sql.Schedules.Trigger, c);
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
            cmd.Parameters.Add(new NpgsqlParameter<DateTime>("now", _options.TimeProvider.GetUtcNow().UtcDateTime));
            return await ScheduleStore.ReadOneAsync(cmd, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Removes a schedule; jobs it enqueued stay. A code schedule comes back when a client that declares it starts
    /// (remove the declaration first, or pause it instead).
    /// </summary>
    /// <returns>Whether a schedule was removed (false: none had the id).</returns>
    public async Task<bool> RemoveScheduleAsync(string id, CancellationToken cancellationToken = default)
    {
        CheckScheduleId(id);
        await using var cmd = _dataSource.CreateCommand(_sql.Schedules.Delete);
        cmd.Parameters.Add(new NpgsqlParameter<string>("id", id));
        if (await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not string)
        {
            return false;
        }
        ScheduleChanged(id, "removed", RiverEventKind.ScheduleRemoved, "");
        return true;
    }

    /// <summary>Upserts this client's code-declared periodic jobs at start (none: nothing, so line typed is not needed).</summary>
    private async Task UpsertDeclaredSchedulesAsync(CancellationToken cancellationToken)
    {
        var jobs = _options.PeriodicJobs.Snapshot();
        if (jobs.Length == 0)
        {
            return;
        }
        try
        {
            await _declarations.UpsertAsync(jobs, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new RiverStartupException(
                $"This client declares {jobs.Length} periodic job(s), which are stored as durable schedules in migration line 'typed' (table river_typed_schedule), "
                + $"but the table does not exist in schema '{_options.Schema}': run `river migrate-up` (it applies every line) or RiverMigrator.MigrateUpAllLinesAsync.", e);
        }
    }

    private async Task<ScheduleInfo> AddScheduleCoreAsync(ScheduleDefinition definition, ScheduleOptions options, CancellationToken cancellationToken)
    {
        var parsed = ScheduleText.TryParse(definition.Schedule, definition.TimeZone)!;
        var now = _options.TimeProvider.GetUtcNow();
        var next = options.RunOnStart ? now : parsed.Next(now);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await ScheduleStore.InsertAsync(connection, null, _sql.Schedules, definition, options.Paused, next, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"A schedule with id '{definition.Id}' exists; update it (UpdateScheduleAsync, `river schedules update`) or remove it first.");
        }
        await using var get = new NpgsqlCommand(_sql.Schedules.Get, connection);
        get.Parameters.Add(new NpgsqlParameter<string>("id", definition.Id));
        var row = (await ScheduleStore.ReadOneAsync(get, cancellationToken).ConfigureAwait(false))!;
        ScheduleChanged(row.Id, "added", RiverEventKind.ScheduleAdded, row.Queue);
        return row;
    }

    private async Task<ScheduleInfo> UpdateScheduleCoreAsync(ScheduleDefinition definition, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        ScheduleInfo current;
        await using (var lockRow = new NpgsqlCommand(_sql.Schedules.Lock, connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter<string>("id", definition.Id));
            current = await ScheduleStore.ReadOneAsync(lockRow, cancellationToken).ConfigureAwait(false)
                ?? throw new RiverNotFoundException($"No schedule has id '{definition.Id}'; add it with AddScheduleAsync (`river schedules add`).");
        }
        if (current.Owner == ScheduleOwner.Code)
        {
            throw new InvalidOperationException($"Schedule '{definition.Id}' is declared in code ([PeriodicJob] or RiverClientOptions.PeriodicJobs): change the declaration and deploy, or pause it (PauseScheduleAsync).");
        }
        DateTimeOffset? next = null;
        if (current.Schedule != definition.Schedule || current.TimeZone != definition.TimeZone)
        {
            next = ScheduleText.TryParse(definition.Schedule, definition.TimeZone)!.Next(_options.TimeProvider.GetUtcNow());
        }
        var row = (await ScheduleStore.UpdateAsync(connection, transaction, _sql.Schedules, definition, next, cancellationToken).ConfigureAwait(false))!;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        ScheduleChanged(row.Id, "updated", RiverEventKind.ScheduleUpdated, row.Queue);
        return row;
    }

    private async Task<ScheduleInfo> ChangeScheduleAsync(string id, string action, RiverEventKind kind,
        Func<NpgsqlConnection, CancellationToken, Task<ScheduleInfo?>> change, CancellationToken cancellationToken)
    {
        CheckScheduleId(id);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await change(connection, cancellationToken).ConfigureAwait(false)
            ?? throw new RiverNotFoundException($"No schedule has id '{id}' (list them with ListSchedulesAsync or `river schedules list`).");
        ScheduleChanged(id, action, kind, row.Queue);
        return row;
    }

    /// <summary>Events, metrics and the log line of a change; the leader in this process looks at once.</summary>
    private void ScheduleChanged(string id, string action, RiverEventKind kind, string queue)
    {
        RiverTelemetry.ScheduleChanged(ClientId, action);
        ScheduleLog.Changed(_logger, id, action);
        _events.Publish(new RiverEvent(kind, null, null, queue, id));
        if (IsLeader)
        {
            Maintenance.Get<PeriodicJobEnqueuer>()?.Wake();
        }
    }

    private ScheduleDefinition DefineRuntime(string id, string schedule, JobDefinition definition, ReadOnlyMemory<byte> encodedArgs,
        InsertOptions? insertOptions, ScheduleOptions options)
    {
        CheckScheduleId(id);
        var (text, zone) = CheckScheduleText(schedule, options);
        if (insertOptions?.ScheduledAt is not null)
        {
            throw new ArgumentException("InsertOptions.ScheduledAt cannot be set on a schedule's job: each run is scheduled at its planned time.", nameof(insertOptions));
        }
        var prepared = _preparer.Prepare(definition, encodedArgs, insertOptions is null ? null : insertOptions with { UniqueOptions = null });
        return new ScheduleDefinition(id, ScheduleOwner.Runtime, text, zone, prepared.Kind, Encoding.UTF8.GetString(prepared.EncodedArgs.Span),
            prepared.Queue, prepared.Priority, prepared.MaxAttempts, prepared.TagsJoined.Length == 0 ? [] : prepared.TagsJoined.Split(','),
            prepared.Metadata, options.Misfire, options.MaxMisfireRuns, options.RunOnStart, "");
    }

    private ScheduleDefinition DefineRaw(string id, string schedule, string kind, string argsJson, InsertOptions? insertOptions, ScheduleOptions options)
    {
        if (JobOptionRules.ValidateKind(kind) is { } kindError)
        {
            throw new ArgumentException(kindError, nameof(kind));
        }
        ArgumentNullException.ThrowIfNull(argsJson);
        try
        {
            using var doc = JsonDocument.Parse(argsJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"The args must be a JSON object, got {doc.RootElement.ValueKind}.", nameof(argsJson));
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The args are not valid JSON: {e.Message}", nameof(argsJson), e);
        }
        return DefineRuntime(id, schedule, new RawKindDefinition(kind), Encoding.UTF8.GetBytes(argsJson), insertOptions, options);
    }

    private static (string Text, string? Zone) CheckScheduleText(string schedule, ScheduleOptions options)
    {
        if (!Enum.IsDefined(options.Misfire) || options.MaxMisfireRuns is < 1 or > PeriodicJob.MaxMisfireRunsLimit)
        {
            throw new ArgumentException($"ScheduleOptions: Misfire must be RunOnce, RunAll or Skip and MaxMisfireRuns 1 to {PeriodicJob.MaxMisfireRunsLimit}; got {(int)options.Misfire} and {options.MaxMisfireRuns}.", nameof(options));
        }
        TimeZoneInfo? zone = null;
        if (options.TimeZone is { } zoneId)
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new ArgumentException($"The time zone \"{zoneId}\" is not known on this system ({e.Message}). Use an IANA id such as \"Europe/Berlin\".", nameof(options), e);
            }
        }
        if (!PeriodicSchedules.TryParse(schedule, zone, out var parsed, out var error))
        {
            throw new ArgumentException($"The schedule \"{schedule}\" is invalid: {error}", nameof(schedule));
        }
        return parsed is CronSchedule ? (schedule.Trim(), zone is null || zone == TimeZoneInfo.Utc ? null : zone.Id) : (schedule.Trim(), null);
    }

    private static void CheckScheduleId(string id)
    {
        if (JobOptionRules.ValidatePeriodicJobId(id) is { } error)
        {
            throw new ArgumentException(error.Replace("Periodic job id", "Schedule id", StringComparison.Ordinal), nameof(id));
        }
    }
}
