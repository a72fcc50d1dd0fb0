using System.Buffers;
using System.Text.Json;
using Npgsql;
using River.Database.Queries;
using River.Diagnostics;
using River.Insertion;
using River.Maintenance;
using River.Logging;

namespace River.Periodic;

/// <summary>
/// The leader's periodic job enqueuer: inserts each firing of every registered <see cref="PeriodicJob"/> with
/// <c>scheduled_at</c> = the planned time and the periodic metadata, and sleeps until the next firing (or until the
/// registry changes).
/// </summary>
/// <remarks>
/// <para>Durable across leader changes. When the enqueuer starts (or a job is added) it reads the newest planned time
/// L among the jobs that periodic id has inserted. If the schedule's next time after L is still ahead, it continues
/// from there (no repeat). If it has passed, the leadership gap swallowed firings: those within
/// <see cref="MaintenanceOptions.PeriodicCatchUpWindow"/> are enqueued per the job's <see cref="PeriodicJob.Misfire"/>
/// policy (<see cref="MisfirePlan"/>; by default the newest once, late, with its planned time), and the schedule
/// continues after the newest due one. With no history the job fires at once when <see cref="PeriodicJob.RunOnStart"/>,
/// else at its next time.</para>
/// <para>Exactly once per (id, planned time): each insert takes a transaction-scoped advisory lock on the id and
/// checks that no job of that id has that planned time, so even two leaders overlapping during a handover cannot
/// insert a firing twice.</para>
/// <para>Several firings due at once (the process was suspended) are handled by the same policy, without the window. A firing whose
/// constructor returns null, throws, or builds invalid options is skipped (and logged); the schedule moves on. A
/// database error leaves the firing due, to be retried on the next run.</para>
/// </remarks>
internal sealed class PeriodicJobEnqueuer : MaintenanceService
{
    /// <summary>
    /// The client's insert pipeline (insert middleware and insert-begin hooks around preparation); it calls
    /// <c>write</c> with the prepared jobs.
    /// </summary>
    internal delegate Task<IReadOnlyList<InsertResult>> InsertPipeline(JobInsertRequest job,
        Func<IReadOnlyList<PreparedInsert>, CancellationToken, Task<IReadOnlyList<InsertResult>>> write, CancellationToken cancellationToken);

    /// <summary>The enqueuer wakes at least this often even with nothing due (picks up clock jumps).</summary>
    internal static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    /// <summary>The <c>river.maintenance.service</c> tag of this service's counts.</summary>
    private const string ServiceTag = "periodic_job_enqueuer";

    /// <summary>At most this many schedule steps are taken to find the missed firings.</summary>
    internal const int MaxCatchUpSteps = 10_000;

    private readonly PeriodicJobCollection _registry;
    private readonly InsertPreparer _preparer;
    private readonly JobInserter _inserter;
    private readonly Action<IReadOnlyCollection<string>>? _queuesMadeAvailable;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _runGate = new(1, 1);
    private readonly InsertPipeline _pipeline;

    public PeriodicJobEnqueuer(MaintenanceContext context, SchemaSql schemaSql, PeriodicJobCollection registry, int defaultMaxAttempts,
        Action<IReadOnlyCollection<string>>? queuesMadeAvailable = null, InsertPipeline? pipeline = null)
        : base("periodic job enqueuer", context, maxBatchSize: 1)
    {
        _registry = registry;
        _preparer = new InsertPreparer(defaultMaxAttempts, context.Time);
        _inserter = new JobInserter(schemaSql);
        _queuesMadeAvailable = queuesMadeAvailable;
        _pipeline = pipeline ?? ((job, write, ct) => write([_preparer.Prepare(job.Definition, job.EncodedArgs, job.Options)], ct));
        _registry.Changed += Wake;
    }

    /// <summary>The next planned time of each active periodic job id (tests and diagnostics).</summary>
    internal IReadOnlyDictionary<string, DateTimeOffset> NextRuns
    {
        get
        {
            _runGate.Wait();
            try
            {
                return _entries.Where(e => e.Value.Next is not null).ToDictionary(e => e.Key, e => e.Value.Next!.Value, StringComparer.Ordinal);
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
            _entries.Clear();
        }
        finally
        {
            _runGate.Release();
        }
    }

    protected override TimeSpan NextDelay(DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        _runGate.Wait();
        try
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Next is { } n && n < next)
                {
                    next = n;
                }
            }
        }
        finally
        {
            _runGate.Release();
        }
        if (next == DateTimeOffset.MaxValue)
        {
            return MaxSleep;
        }
        var delay = next - now;
        return delay <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : delay < MaxSleep ? delay : MaxSleep;
    }

    /// <summary>Syncs with the registry, then enqueues every due firing. Returns how many jobs were inserted.</summary>
    protected override async Task<int> RunCoreAsync(CancellationToken cancellationToken)
    {
        await _runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = Time.GetUtcNow();
            await SyncAsync(now, cancellationToken).ConfigureAwait(false);
            var inserted = 0;
            var dropped = 0;
            foreach (var entry in _entries.Values)
            {
                if (entry.Next is not { } firstDue || firstDue > now)
                {
                    continue;
                }
                var (enqueue, newest, due) = MisfirePlan.Plan(after => SafeNext(entry, after), firstDue, now, entry.Job, entry.CatchUpFloor, MaxCatchUpSteps);
                entry.CatchUpFloor = null;
                dropped += due - enqueue.Count;
                foreach (var planned in enqueue)
                {
                    if (await FireAsync(entry.Job, planned, now, cancellationToken).ConfigureAwait(false))
                    {
                        inserted++;
                    }
                }
                entry.Next = SafeNext(entry, newest);
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

    /// <summary>Drops removed jobs and initializes new ones from the table (see the remarks).</summary>
    private async Task SyncAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = _registry.Snapshot();
        var ids = new HashSet<string>(current.Select(j => j.Id), StringComparer.Ordinal);
        foreach (var id in _entries.Keys.Where(id => !ids.Contains(id)).ToList())
        {
            _entries.Remove(id);
        }
        var added = current.Where(j => !_entries.TryGetValue(j.Id, out var e) || !ReferenceEquals(e.Job, j)).ToList();
        if (added.Count == 0)
        {
            return;
        }

        var last = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using (var cmd = Context.DataSource.CreateCommand(Context.Sql.LastPeriodicFirings))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("ids", added.Select(j => j.Id).ToArray()));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                last[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        foreach (var job in added)
        {
            var entry = new Entry(job);
            _entries[job.Id] = entry;
            if (last.TryGetValue(job.Id, out var lastPlanned))
            {
                // Firings missed since the last one are the misfire policy's, within the catch-up window.
                entry.Next = SafeNext(entry, lastPlanned);
                var window = Context.Options.PeriodicCatchUpWindow;
                entry.CatchUpFloor = window > TimeSpan.Zero ? now - window : now;
            }
            else
            {
                entry.Next = job.RunOnStart ? now : SafeNext(entry, now);
            }
        }
    }

    private DateTimeOffset? SafeNext(Entry entry, DateTimeOffset after)
    {
        try
        {
            var next = entry.Job.Schedule.Next(after);
            if (next <= after)
            {
                throw new InvalidOperationException($"The schedule returned {next:O}, which is not after {after:O}.");
            }
            return next;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            MaintenanceLog.PeriodicScheduleFailed(Context.Logger, e, entry.Job.Id, after);
            return null;
        }
    }

    /// <summary>Builds and inserts one firing. Returns whether a job was inserted.</summary>
    private async Task<bool> FireAsync(PeriodicJob job, DateTimeOffset planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        JobInsertRequest insert;
        try
        {
            var built = job.Constructor(new PeriodicJobContext(job.Id, planned, now));
            if (built is null)
            {
                return false;
            }
            insert = built.WithOptions((built.Options ?? new InsertOptions()) with { ScheduledAt = planned });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            MaintenanceLog.PeriodicConstructorFailed(Context.Logger, e, job.Id, planned);
            return false;
        }

        IReadOnlyList<InsertResult> results;
        try
        {
            results = await _pipeline(insert, (prepared, ct) => WriteFiringAsync(job.Id, planned, prepared, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            // Invalid options or args (validation in the pipeline): this firing cannot be inserted; skip it.
            MaintenanceLog.PeriodicConstructorFailed(Context.Logger, e, job.Id, planned);
            return false;
        }
        if (results.Count == 0 || results[0].UniqueSkippedAsDuplicate)
        {
            return false;
        }
        var result = results[0];
        MaintenanceLog.PeriodicEnqueued(Context.Logger, job.Id, result.Job.Id, planned);
        if (result.Job.State == JobState.Available)
        {
            _queuesMadeAvailable?.Invoke([result.Job.Queue]);
        }
        return true;
    }

    /// <summary>
    /// Writes a firing exactly once: under the periodic id's advisory lock, skips (returns no results) when a job
    /// with this id and planned time exists; otherwise inserts the prepared jobs with the periodic metadata.
    /// </summary>
    private async Task<IReadOnlyList<InsertResult>> WriteFiringAsync(string periodicJobId, DateTimeOffset planned,
        IReadOnlyList<PreparedInsert> prepared, CancellationToken cancellationToken)
    {
        await using var connection = await Context.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Context.Client.Fence.CheckAsync(connection, transaction, cancellationToken).ConfigureAwait(false); // fences the whole transaction
        await using (var lockId = new NpgsqlCommand(MaintenanceSql.LockPeriodicId, connection, transaction))
        {
            lockId.Parameters.Add(new NpgsqlParameter<string>("id", periodicJobId));
            await lockId.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var check = new NpgsqlCommand(Context.Sql.FiringExists, connection, transaction))
        {
            check.Parameters.Add(new NpgsqlParameter<string>("id", periodicJobId));
            check.Parameters.Add(new NpgsqlParameter<DateTime>("planned", planned.UtcDateTime));
            if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return [];
            }
        }
        var marked = prepared.Select(p => p with { Metadata = WithPeriodicMetadata(p.Metadata, periodicJobId) }).ToList();
        var results = await _inserter.InsertAsync(connection, transaction, marked, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return results;
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
                property.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class Entry(PeriodicJob job)
    {
        public PeriodicJob Job { get; } = job;
        public DateTimeOffset? Next { get; set; }

        /// <summary>Set on first sight after a leader change: firings planned before it are not caught up (the catch-up window).</summary>
        public DateTimeOffset? CatchUpFloor { get; set; }
    }
}
