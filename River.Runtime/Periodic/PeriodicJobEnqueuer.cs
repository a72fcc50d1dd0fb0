using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;
using River.Database.Queries;
using River.Diagnostics;
using River.Insertion;
using River.Maintenance;
using River.Logging;

namespace River.Periodic;

/// <summary>
/// The leader's enqueuer of durable schedules (<c>river_typed_schedule</c>): each pass finds the schedules due now,
/// and for each one, in <em>one transaction</em>, locks its row, inserts the due runs (per its misfire policy, with
/// <c>scheduled_at</c> = the planned time and the periodic metadata), advances <c>next_run_at</c> and records the
/// last run and job; then it sleeps until the earliest next run (at most <see cref="MaxSleep"/>).
/// </summary>
/// <remarks>
/// <para>Exactly once: a run is enqueued only in the transaction that moves <c>next_run_at</c> past it, under the
/// row's lock, so leader changes, crashes (the transaction rolls back: the run stays due) and restarts (the row is
/// the state) neither repeat nor lose a run; two clients that both believe they lead serialize on the row, and the
/// second finds it advanced.</para>
/// <para>Which schedules: run-time schedules (stored args, any leader) and the code schedules this client declares
/// (its own constructor builds each run). A code schedule declared only by other versions waits for a leader that
/// declares it. When the stored schedule text parses (cron, <c>@every</c>), it decides the times, so clients of two
/// versions agree; a custom <see cref="IPeriodicSchedule"/> is computed by the declaring client.</para>
/// <para>After a leader change or restart, missed runs older than <see cref="MaintenanceOptions.PeriodicCatchUpWindow"/>
/// are not caught up (first pass of each schedule per leadership term). A trigger ("run now") enqueues one run at
/// its time, paused or not, without moving the schedule. A run whose constructor returns null, throws or builds
/// invalid options is skipped (logged); the schedule moves on. A database error rolls back: the run stays due.</para>
/// </remarks>
internal sealed class PeriodicJobEnqueuer : MaintenanceService
{
    /// <summary>
    /// The client's insert pipeline (insert middleware and insert-begin hooks around preparation); it calls
    /// <c>write</c> with the prepared jobs.
    /// </summary>
    internal delegate Task<IReadOnlyList<InsertResult>> InsertPipeline(JobInsertRequest job,
        Func<IReadOnlyList<PreparedInsert>, CancellationToken, Task<IReadOnlyList<InsertResult>>> write, CancellationToken cancellationToken);

    /// <summary>
    /// The enqueuer wakes at least this often even with nothing due: it sees schedules added, resumed or triggered
    /// by other clients within this time, and clock jumps.
    /// </summary>
    internal static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(5);

    /// <summary>The most schedules one pass handles (the rest are due on the next pass, at once).</summary>
    internal const int MaxSchedulesPerPass = 1000;

    /// <summary>The <c>river.maintenance.service</c> tag of this service's counts.</summary>
    private const string ServiceTag = "periodic_job_enqueuer";

    /// <summary>At most this many schedule steps are taken to find the missed firings.</summary>
    internal const int MaxCatchUpSteps = 10_000;

    private readonly PeriodicJobCollection _registry;
    private readonly CodeDeclarations _declarations;
    private readonly InsertPreparer _preparer;
    private readonly JobInserter _inserter;
    private readonly Action<IReadOnlyCollection<string>>? _queuesMadeAvailable;
    private readonly Dictionary<string, DateTimeOffset?> _nextRuns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenThisTerm = new(StringComparer.Ordinal);
    private readonly HashSet<(string Id, DateTimeOffset Updated)> _cannotFireLogged = [];
    private readonly Dictionary<(string Text, string? Zone), IPeriodicSchedule?> _parsed = [];
    private readonly SemaphoreSlim _runGate = new(1, 1);
    private readonly InsertPipeline _pipeline;
    private DateTimeOffset? _earliest;
    private volatile bool _registryChanged = true;

    public PeriodicJobEnqueuer(MaintenanceContext context, SchemaSql schemaSql, PeriodicJobCollection registry, int defaultMaxAttempts,
        Action<IReadOnlyCollection<string>>? queuesMadeAvailable = null, InsertPipeline? pipeline = null, CodeDeclarations? declarations = null)
        : base("periodic job enqueuer", context, maxBatchSize: 1)
    {
        _registry = registry;
        _declarations = declarations ?? new CodeDeclarations(context.Client, RiverClientOptions.DefaultAppVersion());
        _preparer = new InsertPreparer(defaultMaxAttempts, context.Time);
        _inserter = new JobInserter(schemaSql);
        _queuesMadeAvailable = queuesMadeAvailable;
        _pipeline = pipeline ?? ((job, write, ct) => write([_preparer.Prepare(job.Definition, job.EncodedArgs, job.Options)], ct));
        _registry.Changed += () =>
        {
            _registryChanged = true;
            Wake();
        };
    }

    /// <summary>Hook for the leader term fence: runs inside each enqueue transaction before it commits (throws to refuse).</summary>
    internal Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? Fence { get; set; }

    /// <summary>The next planned time of each schedule this enqueuer has seen, as stored (tests and diagnostics).</summary>
    internal IReadOnlyDictionary<string, DateTimeOffset> NextRuns
    {
        get
        {
            _runGate.Wait();
            try
            {
                return _nextRuns.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!.Value, StringComparer.Ordinal);
            }
            finally
            {
                _runGate.Release();
            }
        }
    }

    /// <summary>Forgets what it knew (called when leadership is lost: the next leader term re-reads the table).</summary>
    internal void Reset()
    {
        _runGate.Wait();
        try
        {
            _nextRuns.Clear();
            _seenThisTerm.Clear();
            _earliest = null;
            _registryChanged = true;
        }
        finally
        {
            _runGate.Release();
        }
    }

    protected override TimeSpan NextDelay(DateTimeOffset now)
    {
        if (_registryChanged)
        {
            return TimeSpan.FromTicks(1);
        }
        if (_earliest is not { } next)
        {
            return MaxSleep;
        }
        var delay = next - now;
        return delay <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : delay < MaxSleep ? delay : MaxSleep;
    }

    /// <summary>Upserts changed declarations, then enqueues every due schedule. Returns how many jobs were inserted.</summary>
    protected override async Task<int> RunCoreAsync(CancellationToken cancellationToken)
    {
        await _runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var local = _registry.Snapshot().ToDictionary(j => j.Id, StringComparer.Ordinal);
            if (_registryChanged)
            {
                _registryChanged = false;
                foreach (var (id, next) in await _declarations.UpsertAsync(local.Values, cancellationToken).ConfigureAwait(false))
                {
                    _nextRuns[id] = next;
                }
                foreach (var id in _nextRuns.Keys.Where(id => !local.ContainsKey(id)).ToList())
                {
                    _nextRuns.Remove(id);
                }
            }
            var codeIds = local.Keys.ToArray();
            var now = Time.GetUtcNow();
            var due = new List<string>();
            await using (var cmd = Context.DataSource.CreateCommand(Context.Client.Sql.Schedules.Due))
            {
                cmd.Parameters.Add(new NpgsqlParameter<DateTime>("now", now.UtcDateTime));
                cmd.Parameters.Add(new NpgsqlParameter<string[]>("code_ids", codeIds));
                cmd.Parameters.Add(new NpgsqlParameter<int>("limit", MaxSchedulesPerPass));
                await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    due.Add(reader.GetString(0));
                }
            }
            var inserted = 0;
            var dropped = 0;
            foreach (var id in due)
            {
                var (i, d) = await EnqueueScheduleAsync(id, local.GetValueOrDefault(id), now, cancellationToken).ConfigureAwait(false);
                inserted += i;
                dropped += d;
            }
            await using (var cmd = Context.DataSource.CreateCommand(Context.Client.Sql.Schedules.Earliest))
            {
                cmd.Parameters.Add(new NpgsqlParameter<string[]>("code_ids", codeIds));
                _earliest = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime earliest
                    ? new DateTimeOffset(DateTime.SpecifyKind(earliest, DateTimeKind.Utc)) : null;
            }
            if (due.Count == MaxSchedulesPerPass)
            {
                _earliest = now; // more are due: go again at once
            }
            RiverTelemetry.MaintenanceChanged(Context.ClientId, ServiceTag, "enqueued", inserted);
            RiverTelemetry.MaintenanceChanged(Context.ClientId, ServiceTag, "misfire_dropped", dropped);
            return inserted;
        }
        finally
        {
            _runGate.Release();
        }
    }

    /// <summary>One schedule's due runs and its advance, in one transaction. Returns the jobs inserted and the runs dropped.</summary>
    private async Task<(int Inserted, int Dropped)> EnqueueScheduleAsync(string id, PeriodicJob? job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await Context.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        ScheduleInfo? row;
        await using (var lockRow = new NpgsqlCommand(Context.Client.Sql.Schedules.Lock, connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter<string>("id", id));
            row = await ScheduleStore.ReadOneAsync(lockRow, cancellationToken).ConfigureAwait(false);
        }
        var scheduledDue = row is { Paused: false, NextRunAt: { } n } && n <= now;
        if (row is null || (!scheduledDue && row.TriggerPendingAt is null) || (row.Owner == ScheduleOwner.Code && job is null))
        {
            return (0, 0); // another leader got there first, or it changed since the pass read it
        }
        var schedule = ParsedOrNull(row) ?? job?.Schedule;
        if (schedule is null || (job is null && (row.Kind is null || row.ArgsJson is null)))
        {
            if (_cannotFireLogged.Add((row.Id, row.UpdatedAt)))
            {
                ScheduleLog.CannotFire(Context.Logger, row.Id, row.Schedule);
            }
            return (0, 0);
        }

        var planned = new List<(DateTimeOffset At, bool Trigger)>();
        if (row.TriggerPendingAt is { } triggerAt)
        {
            planned.Add((triggerAt, true));
        }
        DateTimeOffset? next = row.NextRunAt;
        var dropped = 0;
        if (scheduledDue)
        {
            var firstDue = row.NextRunAt!.Value;
            DateTimeOffset? floor = null;
            if (_seenThisTerm.Add(id))
            {
                var window = Context.Options.PeriodicCatchUpWindow;
                floor = window > TimeSpan.Zero ? now - window : now;
            }
            var (enqueue, newest, dueCount) = MisfirePlan.Plan(after => SafeNext(id, schedule, after), firstDue, now, row.Misfire, row.MaxMisfireRuns, floor, MaxCatchUpSteps);
            dropped = dueCount - enqueue.Count;
            planned.AddRange(enqueue.Select(at => (at, false)));
            next = SafeNext(id, schedule, newest);
        }

        var inserted = 0;
        long? lastJobId = null;
        DateTimeOffset? lastRun = null;
        var madeAvailable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (at, _) in planned)
        {
            var result = job is not null
                ? await FireWithConstructorAsync(job, at, now, connection, transaction, cancellationToken).ConfigureAwait(false)
                : await FireStoredAsync(row, at, connection, transaction, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                continue;
            }
            inserted++;
            lastJobId = result.Job.Id;
            lastRun = lastRun is { } l && l > at ? l : at;
            if (result.Job.State == JobState.Available)
            {
                madeAvailable.Add(result.Job.Queue);
            }
            MaintenanceLog.PeriodicEnqueued(Context.Logger, id, result.Job.Id, at);
        }

        await using (var advance = new NpgsqlCommand(Context.Client.Sql.Schedules.Advance, connection, transaction))
        {
            advance.Parameters.Add(new NpgsqlParameter<string>("id", id));
            advance.Parameters.Add(ScheduleStore.Timestamp("next_run_at", next));
            advance.Parameters.Add(ScheduleStore.Timestamp("last_run_at", lastRun));
            advance.Parameters.Add(new NpgsqlParameter("last_job_id", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)lastJobId ?? DBNull.Value });
            advance.Parameters.Add(new NpgsqlParameter<bool>("trigger_served", row.TriggerPendingAt is not null));
            await advance.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (Fence is { } fence)
        {
            await fence(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _nextRuns[id] = next;
        if (madeAvailable.Count > 0)
        {
            _queuesMadeAvailable?.Invoke(madeAvailable);
        }
        return (inserted, dropped);
    }

    private IPeriodicSchedule? ParsedOrNull(ScheduleInfo row)
    {
        var key = (row.Schedule, row.TimeZone);
        if (!_parsed.TryGetValue(key, out var schedule))
        {
            schedule = ScheduleText.TryParse(row.Schedule, row.TimeZone);
            if (_parsed.Count > 100_000)
            {
                _parsed.Clear();
            }
            _parsed[key] = schedule;
        }
        return schedule;
    }

    private DateTimeOffset? SafeNext(string id, IPeriodicSchedule schedule, DateTimeOffset after)
    {
        try
        {
            var next = schedule.Next(after);
            if (next <= after)
            {
                throw new InvalidOperationException($"The schedule returned {next:O}, which is not after {after:O}.");
            }
            return next == DateTimeOffset.MaxValue ? null : next;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            MaintenanceLog.PeriodicScheduleFailed(Context.Logger, e, id, after);
            return null;
        }
    }

    /// <summary>Builds a run with the declaring code's constructor and inserts it through the client's pipeline, in the transaction.</summary>
    private async Task<InsertResult?> FireWithConstructorAsync(PeriodicJob job, DateTimeOffset planned, DateTimeOffset now,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        JobInsertRequest insert;
        try
        {
            var built = job.Constructor(new PeriodicJobContext(job.Id, planned, now));
            if (built is null)
            {
                return null;
            }
            insert = built.WithOptions((built.Options ?? new InsertOptions()) with { ScheduledAt = planned });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            MaintenanceLog.PeriodicConstructorFailed(Context.Logger, e, job.Id, planned);
            return null;
        }

        IReadOnlyList<InsertResult> results;
        try
        {
            results = await _pipeline(insert, async (prepared, ct) =>
            {
                var marked = prepared.Select(p => p with { Metadata = WithPeriodicMetadata(p.Metadata, job.Id) }).ToList();
                return await _inserter.InsertAsync(connection, transaction, marked, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            // Invalid options or args (validation in the pipeline): this firing cannot be inserted; skip it.
            MaintenanceLog.PeriodicConstructorFailed(Context.Logger, e, job.Id, planned);
            return null;
        }
        return results.Count == 0 || results[0].UniqueSkippedAsDuplicate ? null : results[0];
    }

    /// <summary>Inserts a run of a run-time schedule from its stored kind, args and options, in the transaction.</summary>
    private async Task<InsertResult?> FireStoredAsync(ScheduleInfo row, DateTimeOffset planned, NpgsqlConnection connection, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var prepared = new PreparedInsert(row.Kind!, Encoding.UTF8.GetBytes(row.ArgsJson!), row.MaxAttempts, WithPeriodicMetadata(row.MetadataJson, row.Id),
            row.Priority, row.Queue, planned, planned > Time.GetUtcNow() ? JobState.Scheduled : JobState.Available, string.Join(',', row.Tags), null, null);
        var results = await _inserter.InsertAsync(connection, transaction, [prepared], cancellationToken).ConfigureAwait(false);
        return results.Length == 0 ? null : results[0];
    }

    /// <summary>The user's metadata object with <c>periodic</c> and <c>river:periodic_job_id</c> added first.</summary>
    internal static string WithPeriodicMetadata(string metadata, string periodicJobId)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + metadata.Length);
        using (var doc = JsonDocument.Parse(metadata))
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean(JobOptionRules.MetadataKeyPeriodic, true);
            w.WriteString(JobOptionRules.MetadataKeyPeriodicJobId, periodicJobId);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name is JobOptionRules.MetadataKeyPeriodic or JobOptionRules.MetadataKeyPeriodicJobId)
                {
                    continue;
                }
                property.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
