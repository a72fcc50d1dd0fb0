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
/// and for each one (batched, up to <see cref="MaxSchedulesPerTransaction"/> a transaction), in <em>one
/// transaction</em>, locks its row, inserts the due runs (per its misfire policy, with
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

    /// <summary>
    /// Due schedules enqueued (and advanced) in one transaction: one statement locks them, one inserts their stored
    /// runs, one advances them. The pass's cap, so a pass commits once (at 1,000 due, ten commits of 100 made the pass
    /// 1.4–1.6× slower; docs/performance.md). When the transaction fails on a database error, each one is retried alone.
    /// </summary>
    internal const int MaxSchedulesPerTransaction = 1000;

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
        _inserter = new JobInserter(schemaSql, context.Time);
        _queuesMadeAvailable = queuesMadeAvailable;
        _pipeline = pipeline ?? ((job, write, ct) => write([_preparer.Prepare(job.Definition, job.EncodedArgs, job.Options)], ct));
        _registry.Changed += () =>
        {
            _registryChanged = true;
            Wake();
        };
    }

    /// <summary>Tests: runs inside each enqueue transaction just before its commit (a fault injected there, e.g. a throw, rolls it back).</summary>
    internal Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? BeforeCommit { get; set; }

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
            foreach (var batch in due.Chunk(MaxSchedulesPerTransaction))
            {
                (int Inserted, int Dropped) done;
                try
                {
                    done = await EnqueueBatchAsync(batch, local, now, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (batch.Length > 1 && e.SqlState != Leadership.LeaderFence.SqlState)
                {
                    // One schedule's insert failed (e.g. a stored value a constraint refuses): one transaction each,
                    // so the others are enqueued and only the failing one stays due (and fails its own pass).
                    done = (0, 0);
                    foreach (var id in batch)
                    {
                        var (i, d) = await EnqueueBatchAsync([id], local, now, cancellationToken).ConfigureAwait(false);
                        done = (done.Inserted + i, done.Dropped + d);
                    }
                }
                inserted += done.Inserted;
                dropped += done.Dropped;
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

    /// <summary>
    /// The due runs and the advance of a batch of schedules, in one transaction. Returns the jobs inserted and the runs
    /// dropped by misfire policies.
    /// </summary>
    private async Task<(int Inserted, int Dropped)> EnqueueBatchAsync(IReadOnlyList<string> ids, IReadOnlyDictionary<string, PeriodicJob> local,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await Context.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The leader term fence as the transaction's first statement: its row lock is held until the commit, so no
        // election completes between the check and the commit, and a deposed leader writes nothing (RVF01).
        await Context.Client.Fence.CheckAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var rows = new List<ScheduleInfo>(ids.Count);
        await using (var lockRows = new NpgsqlCommand(Context.Client.Sql.Schedules.LockBatch, connection, transaction))
        {
            lockRows.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids as string[] ?? ids.ToArray()));
            await using var reader = await lockRows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(ScheduleStore.Read(reader));
            }
        }

        var advances = new List<Advance>(rows.Count);
        var stored = new List<(Advance Advance, DateTimeOffset Planned, PreparedInsert Insert)>();
        var dropped = 0;
        var inserted = 0;
        var madeAvailable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var job = local.GetValueOrDefault(row.Id);
            var scheduledDue = row is { Paused: false, NextRunAt: { } n } && n <= now;
            if ((!scheduledDue && row.TriggerPendingAt is null) || (row.Owner == ScheduleOwner.Code && job is null))
            {
                continue; // another leader got there first, or it changed since the pass read it
            }
            var schedule = ParsedOrNull(row) ?? job?.Schedule;
            if (schedule is null || (job is null && (row.Kind is null || row.ArgsJson is null)))
            {
                if (_cannotFireLogged.Add((row.Id, row.UpdatedAt)))
                {
                    ScheduleLog.CannotFire(Context.Logger, row.Id, row.Schedule);
                }
                continue;
            }

            var advance = new Advance(row.Id, row.NextRunAt, row.TriggerPendingAt is not null);
            var planned = new List<DateTimeOffset>();
            if (row.TriggerPendingAt is { } triggerAt)
            {
                planned.Add(triggerAt);
            }
            if (scheduledDue)
            {
                DateTimeOffset? floor = null;
                if (_seenThisTerm.Add(row.Id))
                {
                    var window = Context.Options.PeriodicCatchUpWindow;
                    floor = window > TimeSpan.Zero ? now - window : now;
                }
                var (enqueue, newest, dueCount) = MisfirePlan.Plan(after => SafeNext(row.Id, schedule, after), row.NextRunAt!.Value, now,
                    row.Misfire, row.MaxMisfireRuns, floor, MaxCatchUpSteps);
                dropped += dueCount - enqueue.Count;
                planned.AddRange(enqueue);
                advance.Next = SafeNext(row.Id, schedule, newest);
            }
            advances.Add(advance);
            foreach (var at in planned)
            {
                if (job is null)
                {
                    stored.Add((advance, at, new PreparedInsert(row.Kind!, Encoding.UTF8.GetBytes(row.ArgsJson!), row.MaxAttempts,
                        WithPeriodicMetadata(row.MetadataJson, row.Id), row.Priority, row.Queue, at,
                        at > now ? JobState.Scheduled : JobState.Available, string.Join(',', row.Tags), null, null)));
                    continue;
                }
                if (await FireWithConstructorAsync(job, at, now, connection, transaction, cancellationToken).ConfigureAwait(false) is { } result)
                {
                    inserted++;
                    advance.Inserted(at, result, madeAvailable);
                    MaintenanceLog.PeriodicEnqueued(Context.Logger, row.Id, result.Job.Id, at);
                }
            }
        }
        if (stored.Count > 0)
        {
            var results = await _inserter.InsertAsync(connection, transaction, stored.Select(s => s.Insert).ToList(), cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < results.Length; i++)
            {
                inserted++;
                stored[i].Advance.Inserted(stored[i].Planned, results[i], madeAvailable);
                MaintenanceLog.PeriodicEnqueued(Context.Logger, stored[i].Advance.Id, results[i].Job.Id, stored[i].Planned);
            }
        }
        if (advances.Count > 0)
        {
            await using var advance = new NpgsqlCommand(Context.Client.Sql.Schedules.Advance, connection, transaction);
            advance.Parameters.Add(new NpgsqlParameter<string[]>("ids", advances.Select(a => a.Id).ToArray()));
            advance.Parameters.Add(new NpgsqlParameter<DateTime?[]>("next_run_at", advances.Select(a => a.Next?.UtcDateTime).ToArray()));
            advance.Parameters.Add(new NpgsqlParameter<DateTime?[]>("last_run_at", advances.Select(a => a.LastRun?.UtcDateTime).ToArray()));
            advance.Parameters.Add(new NpgsqlParameter<long?[]>("last_job_id", advances.Select(a => a.LastJobId).ToArray()));
            advance.Parameters.Add(new NpgsqlParameter<bool[]>("trigger_served", advances.Select(a => a.TriggerServed).ToArray()));
            await advance.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (BeforeCommit is { } beforeCommit)
        {
            await beforeCommit(connection, transaction, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var a in advances)
        {
            _nextRuns[a.Id] = a.Next;
        }
        if (madeAvailable.Count > 0)
        {
            _queuesMadeAvailable?.Invoke(madeAvailable);
        }
        return (inserted, dropped);
    }

    /// <summary>What one schedule's row becomes at the end of the enqueue transaction.</summary>
    private sealed class Advance(string id, DateTimeOffset? next, bool triggerServed)
    {
        public string Id { get; } = id;
        public DateTimeOffset? Next { get; set; } = next;
        public bool TriggerServed { get; } = triggerServed;
        public DateTimeOffset? LastRun { get; private set; }
        public long? LastJobId { get; private set; }

        public void Inserted(DateTimeOffset planned, InsertResult result, HashSet<string> madeAvailable)
        {
            if (LastRun is null || planned >= LastRun)
            {
                (LastRun, LastJobId) = (planned, result.Job.Id);
            }
            if (result.Job.State == JobState.Available)
            {
                madeAvailable.Add(result.Job.Queue);
            }
        }
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
