using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Diagnostics;
using River.Logging;
using River.Services;

namespace River.Execution;

/// <summary>
/// Fetches and dispatches the jobs of one queue. It never holds more jobs than it has free worker slots. It
/// fetches when woken — by a local insert, an insert notification, a job finishing while the last fetch came
/// back full (a backlog is likely), or the poll timer (interval with up to 10 % jitter) — and never more often
/// than the fetch cooldown; a wake-up after a quiet period fetches at once (the first notification is never
/// delayed). An insert notification wakes it on the notifier's receive thread (<see cref="WakeForInsert"/>), so
/// the fetch is sent without a thread hop, and the first fetched job runs on the thread that read the fetch's
/// rows while the loop resumes on the thread pool (the others are queued to it). Its loop is the fetch loop: <see cref="RiverService.StopAsync"/> stops fetching and returns once the
/// loop has exited; running jobs carry on until they finish (<see cref="Drained"/>). A producer starts once.
/// </summary>
internal sealed class QueueProducer : RiverService
{
    private readonly QueueConfig _config;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly string _clientId;
    private readonly JobExecutor _executor;
    private readonly BatchCompleter _completer;
    private readonly ILogger _logger;
    private readonly TimeSpan _cooldown;
    private readonly TimeSpan _pollInterval;
    private readonly ConcurrentDictionary<long, RunningJob> _running = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _hardStop;
    private int _runningCount;
    private volatile bool _lastFetchFull;
    private volatile bool _paused;
    private volatile bool _flowLimited;
    private int _fetchingStopped;
    private readonly string _pollSql;
    private readonly FetchedRowReader _rowReader;
    private DateTimeOffset _lastPoll = DateTimeOffset.MinValue;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private long _notifiedAt;
    private long _routedAt;

    /// <summary>
    /// Tests: when it returns true for a fetch that marked jobs running, the rows are dropped and the fetch fails, as when
    /// the connection breaks between the commit and the reply. Null in production (one null check per fetch).
    /// </summary>
    internal Func<bool>? LoseFetchReply { get; set; }

    /// <summary>The fetch time (the fetch transaction's <c>now()</c>) of the newest fetch whose rows arrived; null before the first.</summary>
    private DateTimeOffset? _lastReceivedFetchAt;

    /// <summary>
    /// A fetch (or the loop around it) failed: the fetch may have committed with its reply lost, so before the next
    /// fetch the loop works what it marked running (<see cref="JobSql.FetchUnreceived"/>). Costs nothing while fetches succeed.
    /// </summary>
    private bool _unreceivedPossible;

    /// <summary>The collectors of the kinds worked by a <see cref="BatchWorker{TArgs}"/>, by kind; null when the client has none (the common case: no lookup per job).</summary>
    private readonly Dictionary<string, BatchCollector>? _collectors;

    /// <param name="config">The queue: name, workers, optional cooldown and poll interval (else the client's).</param>
    /// <param name="context">The client's shared context.</param>
    /// <param name="executor">Works each fetched job.</param>
    /// <param name="completer">Receives each job's outcome.</param>
    /// <param name="hardStop">Cancelled when the client's stop gives up waiting: cancels every running job's token.</param>
    public QueueProducer(QueueConfig config, ClientContext context, JobExecutor executor, BatchCompleter completer, CancellationToken hardStop)
        : base("producer:" + config.Name, context.Time, context.Logger)
    {
        _config = config;
        _dataSource = context.DataSource;
        _sql = context.Sql;
        _clientId = context.ClientId;
        _executor = executor;
        _completer = completer;
        _cooldown = config.FetchCooldown ?? context.Options.FetchCooldown;
        _pollInterval = config.FetchPollInterval ?? context.Options.FetchPollInterval;
        _hardStop = hardStop;
        _logger = context.Logger;
        _pollSql = _sql.Management.ProducerPoll;
        _rowReader = new FetchedRowReader(config.Name, _clientId);
        Polled = new TestSignal<bool>(Name + ".polled");
        Fetched = new TestSignal<int>(Name + ".fetched");
        FlowLimitedChanged = new TestSignal<bool>(Name + ".flow_limited");
        BatchStarted = new TestSignal<int>(Name + ".batch_started");
        foreach (var registration in executor.BatchWorkers)
        {
            _collectors ??= new Dictionary<string, BatchCollector>(StringComparer.Ordinal);
            _collectors[registration.Definition.Kind] = new BatchCollector(registration, context.Time, StartBatch);
        }
        _hardStop.UnsafeRegister(static state => ((QueueProducer)state!).CancelAllRunning(), this);
    }

    private void CancelAllRunning()
    {
        foreach (var (_, job) in _running)
        {
            job.CancelByRequest();
        }
    }

    /// <summary>Delays between fetches that failed in a row (database down, connection broken).</summary>
    internal static readonly Retries.Backoff FetchBackoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

    /// <summary>How often the producer refreshes <c>updated_at</c> of its <c>river_queue</c> row (paused_at is read every poll).</summary>
    // 30 s, not River's 10 min: updated_at then tells within a minute which queues live clients work (one row write per queue).
    internal static readonly TimeSpan QueueReportInterval = TimeSpan.FromSeconds(30);

    /// <summary>Signalled after each poll-cycle query with whether the queue is paused.</summary>
    internal TestSignal<bool> Polled { get; }

    /// <summary>Signalled when a poll finds that the queue's fetch must (true) or need not (false) apply flow rules.</summary>
    internal TestSignal<bool> FlowLimitedChanged { get; }

    /// <summary>
    /// Whether the queue has flow rules (a limit, a rate, sequences: <see cref="Database.Queries.FlowSql.QueueHasRules"/>),
    /// read by every poll: its fetch is then <see cref="Database.Queries.FlowSql.Fetch"/> instead of the plain one.
    /// </summary>
    public bool FlowLimited => _flowLimited;

    /// <summary>Signalled after each completed fetch with the number of jobs it fetched.</summary>
    internal TestSignal<int> Fetched { get; }

    /// <summary>Signalled when a batch worker's call is handed to the thread pool, with its number of jobs.</summary>
    internal TestSignal<int> BatchStarted { get; }

    /// <summary>Fetched jobs of batch kinds waiting for their call (in a collection window).</summary>
    internal int BatchWaiting => _collectors is null ? 0 : _collectors.Values.Sum(static c => c.Waiting);

    public string Queue => _config.Name;

    /// <summary>Completed fetches since start (the bench reports them).</summary>
    internal long FetchCount => Interlocked.Read(ref _fetchCount);

    private long _fetchCount;

    /// <summary>
    /// When set (the bench's latency mode), called for every fetched job with where its pickup spent its time, just
    /// before the job is handed to its worker slot. Costs a few clock reads per fetch; nothing when unset.
    /// </summary>
    internal Action<long, PickupStages>? PickupTraced { get; set; }

    /// <summary>
    /// An insert notification for this queue arrived (<paramref name="receivedAt"/>: its
    /// <see cref="Notifications.Notification.ReceivedAt"/>): wakes the fetch loop on the caller's thread, the
    /// notifier's receive callback, which the loop borrows until the fetch statement is sent.
    /// </summary>
    internal void WakeForInsert(long receivedAt)
    {
        if (PickupTraced is not null)
        {
            Volatile.Write(ref _routedAt, System.Diagnostics.Stopwatch.GetTimestamp());
            Volatile.Write(ref _notifiedAt, receivedAt);
        }
        WakeInline();
    }

    /// <summary>Jobs of this queue running in this client now.</summary>
    public int RunningCount => Volatile.Read(ref _runningCount);

    /// <summary>Called with the queue name and the new state when <see cref="Paused"/> changes.</summary>
    internal Action<string, bool>? PausedChanged { get; set; }

    /// <summary>Whether fetching is paused (jobs already running continue).</summary>
    public bool Paused
    {
        get => _paused;
        set
        {
            var changed = _paused != value;
            _paused = value;
            if (changed)
            {
                PausedChanged?.Invoke(_config.Name, value);
            }
            if (!value)
            {
                Wake();
            }
        }
    }

    /// <summary>Cancels the token of a running job (remote cancel). Returns whether this producer runs it.</summary>
    public bool CancelRunningJob(long jobId)
    {
        if (_running.TryGetValue(jobId, out var job))
        {
            job.CancelByRequest();
            return true;
        }
        return false;
    }

    /// <summary>
    /// Applies a message of the control channel addressed to this producer: <c>cancel</c> cancels the token of the
    /// job if this producer runs it (returns true then); <c>pause</c>/<c>resume</c> of this queue or of all
    /// (<c>*</c>) pause or resume fetching. Other actions and malformed messages are ignored.
    /// </summary>
    public bool HandleControl(in Notifications.NotificationPayloads.Control message)
    {
        switch (message.Action)
        {
            case "cancel" when message.JobId is { } jobId:
                return CancelRunningJob(jobId);
            case "pause" or "resume" when message.Queue is { } queue && (queue == "*" || queue == Queue):
                Paused = message.Action == "pause";
                return false;
            default:
                return false;
        }
    }

    /// <summary>Completes when fetching has stopped and no job of this producer runs.</summary>
    public Task Drained => _drained.Task;

    /// <summary>The fetch loop; <see cref="RiverService.Wake"/> asks for a fetch as soon as the cooldown allows.</summary>
    protected override async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await FetchLoopAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            // Jobs waiting in a collection window go out now: no fetch will fill their batches any more.
            if (_collectors is not null)
            {
                foreach (var collector in _collectors.Values)
                {
                    collector.Flush();
                }
            }
            // Full fence before reading the count: a job finishing now either sees the flag or is counted here.
            Interlocked.Exchange(ref _fetchingStopped, 1);
            if (Volatile.Read(ref _runningCount) == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    private async Task FetchLoopAsync(CancellationToken ct)
    {
        var lastFetch = DateTimeOffset.MinValue;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var jitter = TimeSpan.FromTicks((long)(_pollInterval.Ticks * 0.1 * Random.Shared.NextDouble()));
                await SleepAsync(_pollInterval - jitter, ct).ConfigureAwait(false);
                var trace = PickupTraced;
                long notified = 0, routed = 0, woken = 0;
                if (trace is not null)
                {
                    woken = System.Diagnostics.Stopwatch.GetTimestamp();
                    notified = Interlocked.Exchange(ref _notifiedAt, 0);
                    routed = Interlocked.Exchange(ref _routedAt, 0);
                }
                if (Time.GetUtcNow() - _lastPoll >= _pollInterval * 0.9)
                {
                    await PollQueueAsync(ct).ConfigureAwait(false);
                }
                if (_paused)
                {
                    continue;
                }
                var sinceLast = Time.GetUtcNow() - lastFetch;
                if (sinceLast < _cooldown)
                {
                    await Task.Delay(_cooldown - sinceLast, Time, ct).ConfigureAwait(false);
                }
                var free = _config.MaxWorkers - Volatile.Read(ref _runningCount);
                if (free <= 0)
                {
                    continue;
                }
                lastFetch = Time.GetUtcNow();
                var fetchStarted = trace is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
                List<JobRow> rows;
                if (_unreceivedPossible)
                {
                    rows = await FetchUnreceivedAsync(ct).ConfigureAwait(false);
                    _unreceivedPossible = false;
                }
                else
                {
                    rows = await FetchAsync(free, ct).ConfigureAwait(false);
                }
                var fetchReturned = trace is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
                failures = 0;
                Interlocked.Increment(ref _fetchCount);
                _lastFetchFull = rows.Count == free;
                Fetched.Signal(rows.Count);
                if (rows.Count == 0)
                {
                    continue;
                }
                if (_collectors is not null)
                {
                    // Jobs of batch kinds go to their collectors; the others run as below.
                    rows = Collect(rows);
                    if (rows.Count == 0)
                    {
                        continue;
                    }
                }
                var first = Admit(rows[0]);
                for (var i = 1; i < rows.Count; i++)
                {
                    var job = Admit(rows[i]);
                    trace?.Invoke(job.Row.Id, new PickupStages(notified, routed, woken, fetchStarted, fetchReturned, System.Diagnostics.Stopwatch.GetTimestamp()));
                    ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
                }
                trace?.Invoke(first.Row.Id, new PickupStages(notified, routed, woken, fetchStarted, fetchReturned, System.Diagnostics.Stopwatch.GetTimestamp()));
                // The first job runs here, the loop goes on on the thread pool: the job does not wait for a hop.
                await new RunInline(first);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException e)
            {
                // A disposed NpgsqlDataSource never works again: retrying would log the same failure forever.
                RiverLog.DataSourceDisposed(_logger, e, "the producer of queue " + _config.Name);
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                _unreceivedPossible = true;
                failures++;
                var delay = FetchBackoff.Delay(failures);
                RiverLog.FetchFailed(_logger, e, _config.Name, delay);
                try { await Task.Delay(delay, Time, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            catch (Exception e)
            {
                _unreceivedPossible = true;
                RiverLog.ProducerCrashed(_logger, e, _config.Name);
                try { await Task.Delay(TimeSpan.FromSeconds(1), Time, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>
    /// Once per poll interval (never per fetch): reports the queue row (every <see cref="QueueReportInterval"/>),
    /// reads whether the queue is paused, and cancels the tokens of running jobs flagged for cancellation — the
    /// paths that work without notifications.
    /// </summary>
    private async Task PollQueueAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var report = now - _lastReport >= QueueReportInterval;
        // Set before the query: a poll that keeps failing (say, no rights on river_queue) is retried once per poll
        // interval and never stops the fetches in between.
        _lastPoll = now;
        bool paused;
        long[] cancelled;
        bool limited;
        await using (var cmd = _dataSource.CreateCommand(_pollSql))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("queue", _config.Name));
            cmd.Parameters.Add(new NpgsqlParameter<bool>("report", report));
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("running", _running.IsEmpty ? [] : _running.Keys.ToArray()));
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            paused = reader.GetBoolean(0);
            cancelled = reader.GetFieldValue<long[]>(1);
            limited = reader.GetBoolean(2);
        }
        if (limited != _flowLimited)
        {
            _flowLimited = limited;
            FlowLimitedChanged.Signal(limited);
        }
        if (report)
        {
            _lastReport = now;
        }
        if (paused != _paused)
        {
            Paused = paused;
        }
        foreach (var id in cancelled)
        {
            CancelRunningJob(id);
        }
        Polled.Signal(paused);
    }

    private async Task<List<JobRow>> FetchAsync(int max, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        var limited = _flowLimited;
        // Without flow rules the statement is exactly the plain fetch (same text, parameters and plan).
        await using var cmd = new NpgsqlCommand(limited ? _sql.Flow.Fetch : _sql.FetchAvailable, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string>("queue", _config.Name));
        cmd.Parameters.Add(new NpgsqlParameter<int>("max", max));
        cmd.Parameters.Add(new NpgsqlParameter<int>("max_attempted_by", JobSql.MaxAttemptedBy));
        cmd.Parameters.Add(new NpgsqlParameter<string>("client_id", _clientId));
        if (limited)
        {
            cmd.Parameters.Add(new NpgsqlParameter<int>("scan_limit", max + Flow.FlowDefaults.ScanLimit));
        }
        if (_sql.PrepareStatements)
        {
            // Prepared statements persist on the physical connection: only the first fetch on each pays the round trip.
            await cmd.PrepareAsync(ct).ConfigureAwait(false);
        }
        return await ReadRowsAsync(cmd, max).ConfigureAwait(false);
    }

    /// <summary>
    /// After a failed fetch: the jobs it (or an earlier failed one) marked running for this client but whose rows never
    /// arrived, minus any this producer holds. Zero rows in the common case (the fetch failed before its commit).
    /// </summary>
    private async Task<List<JobRow>> FetchUnreceivedAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(_sql.FetchUnreceived, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string>("queue", _config.Name));
        cmd.Parameters.Add(new NpgsqlParameter<string>("client_id", _clientId));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime?>("after", _lastReceivedFetchAt?.UtcDateTime));
        var rows = await ReadRowsAsync(cmd, 16).ConfigureAwait(false);
        rows.RemoveAll(r => _running.ContainsKey(r.Id));
        if (rows.Count > 0)
        {
            RiverLog.FetchUnreceivedRecovered(_logger, _config.Name, rows.Count, string.Join(", ", rows.Take(20).Select(r => r.Id)));
        }
        return rows;
    }

    /// <summary>Reads a fetch's rows and notes the fetch's time (before any other work, so a later failure cannot make them look unreceived).</summary>
    private async Task<List<JobRow>> ReadRowsAsync(NpgsqlCommand cmd, int expected)
    {
        // The fetch itself is not cancelled by a stop: rows it locks must reach a worker, or they would stay running.
        await using var reader = await cmd.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        var rows = new List<JobRow>(Math.Min(expected, 256));
        while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                rows.Add(_rowReader.Read(reader));
            }
            catch (Exception e) when (e is InvalidCastException or FormatException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
            {
                // The row is already marked running: it must get an outcome, or it would stay running until rescued.
                rows.Add(UnreadableRow(reader, _config.Name, e));
            }
        }
        if (rows.Count > 0 && LoseFetchReply?.Invoke() == true)
        {
            throw new NpgsqlException("Test: the fetch committed, and its reply was lost (LoseFetchReply).");
        }
        foreach (var row in rows)
        {
            if (row.AttemptedAt is { } at && (_lastReceivedFetchAt is not { } last || at > last))
            {
                _lastReceivedFetchAt = at;
            }
        }
        return rows;
    }

    /// <summary>
    /// A stand-in for a fetched row that cannot be decoded: its kind is replaced so no worker runs it, and the
    /// executor records the decoding error on it like any failed attempt (retried, then discarded).
    /// </summary>
    private JobRow UnreadableRow(NpgsqlDataReader reader, string queue, Exception error) => new()
    {
        Id = reader.GetInt64(0),
        State = JobState.Running,
        Attempt = reader.GetInt16(2),
        MaxAttempts = reader.GetInt16(9),
        CreatedAt = Time.GetUtcNow(),
        ScheduledAt = Time.GetUtcNow(),
        Priority = 1,
        EncodedArgs = Array.Empty<byte>(),
        Kind = UnreadableRowKind + error.Message,
        Queue = queue,
    };

    /// <summary>The kind prefix of <see cref="UnreadableRow"/>; no worker is registered under it.</summary>
    internal const string UnreadableRowKind = "river:unreadable_row: ";

    /// <summary>Takes a fetched row into a worker slot (counted, cancellable); the caller starts it.</summary>
    private RunningJob Admit(JobRow row)
    {
        Interlocked.Increment(ref _runningCount);
        // One object per job is the attempt's cancellation source and the thread-pool work item: no linked source, no
        // closure, no registration. The hard stop cancels every running job through the producer's single registration
        // (see the constructor).
        var job = new RunningJob(this, row);
        _running[row.Id] = job;
        if (_hardStop.IsCancellationRequested)
        {
            job.CancelByRequest();
        }
        return job;
    }

    /// <summary>
    /// Admits the fetched jobs of batch kinds into their collectors (each takes a worker slot, as any job) and returns
    /// the others; then lets every collector start the calls this fetch completed.
    /// </summary>
    private List<JobRow> Collect(List<JobRow> rows)
    {
        List<JobRow>? single = null;
        for (var i = 0; i < rows.Count; i++)
        {
            if (_collectors!.TryGetValue(rows[i].Kind, out var collector))
            {
                single ??= rows.GetRange(0, i);
                collector.Add(Admit(rows[i]));
            }
            else
            {
                single?.Add(rows[i]);
            }
        }
        if (single is null)
        {
            return rows; // no job of a batch kind
        }
        foreach (var collector in _collectors!.Values)
        {
            collector.FetchEnded();
        }
        return single;
    }

    /// <summary>Hands one call of a batch worker to the thread pool (from a collector, never under its lock).</summary>
    private void StartBatch(WorkerRegistration registration, RunningJob[] jobs)
    {
        BatchStarted.Signal(jobs.Length);
        ThreadPool.UnsafeQueueUserWorkItem(new RunningBatch(this, registration, jobs), preferLocal: false);
    }

    /// <summary>
    /// Works one call of a batch worker: its own cancellation source (the worker's timeout, the client's hard stop), the
    /// jobs' sources for their remote cancels, all outcomes to the completer together, then every job's slot freed.
    /// </summary>
    private async Task WorkBatchAsync(WorkerRegistration registration, RunningJob[] jobs)
    {
        using var call = new AttemptCancellation();
        using var hardStop = _hardStop.UnsafeRegister(static state => ((AttemptCancellation)state!).CancelByRequest(), call);
        try
        {
            var rows = new JobRow[jobs.Length];
            for (var i = 0; i < jobs.Length; i++)
            {
                rows[i] = jobs[i].Row;
            }
            var completions = await _executor.ExecuteBatchAsync(registration, rows, jobs, call).ConfigureAwait(false);
            await _completer.EnqueueManyAsync(completions).ConfigureAwait(false);
        }
        finally
        {
            foreach (var job in jobs)
            {
                _running.TryRemove(job.Row.Id, out _);
                job.Dispose();
            }
            Finished(jobs.Length);
        }
    }

    private async Task WorkAsync(RunningJob job)
    {
        var row = job.Row;
        try
        {
            var completion = await _executor.ExecuteAsync(row, job).ConfigureAwait(false);
            await _completer.EnqueueAsync(completion).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(row.Id, out _);
            job.Dispose();
            Finished(1);
        }
    }

    /// <summary>Frees the slots of <paramref name="jobs"/> finished jobs: completes <see cref="Drained"/> after a stop, else wakes the fetch loop when a backlog is likely.</summary>
    private void Finished(int jobs)
    {
        var left = Interlocked.Add(ref _runningCount, -jobs);
        if (Volatile.Read(ref _fetchingStopped) != 0)
        {
            if (left == 0)
            {
                _drained.TrySetResult();
            }
        }
        else if (_lastFetchFull || _flowLimited)
        {
            // A limited queue's fetch may have left jobs behind a limit this job's end just freed.
            Wake();
        }
    }

    /// <summary>
    /// Awaiting it queues the rest of the awaiting method to the thread pool and then runs the job on the current
    /// thread: the job starts without a hop, and the loop (idle until its next wake) takes the hop instead. The job
    /// runs in the loop's execution context, which is the empty one (<see cref="RiverService"/> starts loops without
    /// the starter's), as a job queued to the thread pool does.
    /// </summary>
    private readonly struct RunInline(RunningJob job) : System.Runtime.CompilerServices.ICriticalNotifyCompletion
    {
        public RunInline GetAwaiter() => this;

        public bool IsCompleted => false;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => throw new NotSupportedException("awaited only by the fetch loop (unsafe continuation)");

        public void UnsafeOnCompleted(Action continuation)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
            ((IThreadPoolWorkItem)job).Execute();
        }
    }

    /// <summary>A fetched job in a worker slot: its attempt's cancellation source, and the work item that runs it.</summary>
    internal sealed class RunningJob(QueueProducer producer, JobRow row) : AttemptCancellation, IThreadPoolWorkItem
    {
        public JobRow Row { get; } = row;

        void IThreadPoolWorkItem.Execute() => _ = producer.WorkAsync(this);
    }

    /// <summary>One call of a batch worker, as a thread-pool work item.</summary>
    private sealed class RunningBatch(QueueProducer producer, WorkerRegistration registration, RunningJob[] jobs) : IThreadPoolWorkItem
    {
        void IThreadPoolWorkItem.Execute() => _ = producer.WorkBatchAsync(registration, jobs);
    }
}
