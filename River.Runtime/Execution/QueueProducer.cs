using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Logging;

namespace River.Execution;

/// <summary>
/// Fetches and dispatches the jobs of one queue. It never holds more jobs than it has free worker slots. It
/// fetches when woken — by a local insert, an insert notification, a job finishing while the last fetch came
/// back full (a backlog is likely), or the poll timer (interval with up to 10 % jitter) — and never more often
/// than the fetch cooldown; a wake-up after a quiet period fetches at once (the first notification is never
/// delayed). Fetching stops at <see cref="StopFetchingAsync"/>; running jobs carry on until they finish.
/// </summary>
internal sealed class QueueProducer
{
    private readonly QueueConfig _config;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly string _clientId;
    private readonly JobExecutor _executor;
    private readonly BatchCompleter _completer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _cooldown;
    private readonly TimeSpan _pollInterval;
    private readonly AsyncSignal _wake = new();
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly ConcurrentDictionary<long, RunningJob> _running = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _hardStop;
    private int _runningCount;
    private volatile bool _lastFetchFull;
    private volatile bool _paused;
    private Task? _loop;
    private readonly string _pollSql;
    private readonly FetchedRowReader _rowReader;
    private DateTimeOffset _lastPoll = DateTimeOffset.MinValue;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    public QueueProducer(QueueConfig config, NpgsqlDataSource dataSource, SchemaSql sql, string clientId, JobExecutor executor,
        BatchCompleter completer, TimeProvider time, TimeSpan defaultCooldown, TimeSpan defaultPollInterval, CancellationToken hardStop, ILogger logger)
    {
        _config = config;
        _dataSource = dataSource;
        _sql = sql;
        _clientId = clientId;
        _executor = executor;
        _completer = completer;
        _time = time;
        _cooldown = config.FetchCooldown ?? defaultCooldown;
        _pollInterval = config.FetchPollInterval ?? defaultPollInterval;
        _hardStop = hardStop;
        _logger = logger;
        _pollSql = sql.Fill(ManagementSql.ProducerPoll);
        _rowReader = new FetchedRowReader(config.Name, clientId);
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
    internal static readonly TimeSpan QueueReportInterval = TimeSpan.FromSeconds(30);

    /// <summary>Raised after each poll-cycle query with whether the queue is paused (tests wait on it).</summary>
    internal event Action<bool>? Polled;

    public string Queue => _config.Name;

    /// <summary>Completed fetches since start (tests wait for the start-up fetch).</summary>
    internal long FetchCount => Interlocked.Read(ref _fetchCount);

    private long _fetchCount;

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
                _wake.Set();
            }
        }
    }

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Asks for a fetch as soon as the cooldown allows.</summary>
    public void Wake() => _wake.Set();

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

    /// <summary>Stops fetching; returns when the fetch loop has exited.</summary>
    public async Task StopFetchingAsync()
    {
        await _stopFetching.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        if (Volatile.Read(ref _runningCount) == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Completes when fetching has stopped and no job of this producer runs.</summary>
    public Task Drained => _drained.Task;

    private async Task RunAsync()
    {
        var ct = _stopFetching.Token;
        var lastFetch = DateTimeOffset.MinValue;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var jitter = TimeSpan.FromTicks((long)(_pollInterval.Ticks * 0.1 * Random.Shared.NextDouble()));
                await _wake.WaitAsync(_pollInterval - jitter, _time, ct).ConfigureAwait(false);
                if (_time.GetUtcNow() - _lastPoll >= _pollInterval * 0.9)
                {
                    await PollQueueAsync(ct).ConfigureAwait(false);
                }
                if (_paused)
                {
                    continue;
                }
                var sinceLast = _time.GetUtcNow() - lastFetch;
                if (sinceLast < _cooldown)
                {
                    await Task.Delay(_cooldown - sinceLast, _time, ct).ConfigureAwait(false);
                }
                var free = _config.MaxWorkers - Volatile.Read(ref _runningCount);
                if (free <= 0)
                {
                    continue;
                }
                lastFetch = _time.GetUtcNow();
                var rows = await FetchAsync(free, ct).ConfigureAwait(false);
                failures = 0;
                Interlocked.Increment(ref _fetchCount);
                _lastFetchFull = rows.Count == free;
                foreach (var row in rows)
                {
                    Dispatch(row);
                }
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
                failures++;
                var delay = FetchBackoff.Delay(failures);
                RiverLog.FetchFailed(_logger, e, _config.Name, delay);
                try { await Task.Delay(delay, _time, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            catch (Exception e)
            {
                RiverLog.ProducerCrashed(_logger, e, _config.Name);
                try { await Task.Delay(TimeSpan.FromSeconds(1), _time, ct).ConfigureAwait(false); }
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
        var now = _time.GetUtcNow();
        var report = now - _lastReport >= QueueReportInterval;
        // Set before the query: a poll that keeps failing (say, no rights on river_queue) is retried once per poll
        // interval and never stops the fetches in between.
        _lastPoll = now;
        bool paused;
        long[] cancelled;
        await using (var cmd = _dataSource.CreateCommand(_pollSql))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("queue", _config.Name));
            cmd.Parameters.Add(new NpgsqlParameter<bool>("report", report));
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("running", _running.IsEmpty ? [] : _running.Keys.ToArray()));
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await reader.ReadAsync(ct).ConfigureAwait(false);
            paused = reader.GetBoolean(0);
            cancelled = reader.GetFieldValue<long[]>(1);
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
        Polled?.Invoke(paused);
    }

    private async Task<List<JobRow>> FetchAsync(int max, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(_sql.FetchAvailable, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string>("queue", _config.Name));
        cmd.Parameters.Add(new NpgsqlParameter<int>("max", max));
        cmd.Parameters.Add(new NpgsqlParameter<int>("max_attempted_by", JobSql.MaxAttemptedBy));
        cmd.Parameters.Add(new NpgsqlParameter<string>("client_id", _clientId));
        if (_sql.PrepareStatements)
        {
            // Prepared statements persist on the physical connection: only the first fetch on each pays the round trip.
            await cmd.PrepareAsync(ct).ConfigureAwait(false);
        }
        // The fetch itself is not cancelled by a stop: rows it locks must reach a worker, or they would stay running.
        await using var reader = await cmd.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        var rows = new List<JobRow>(Math.Min(max, 256));
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
        return rows;
    }

    /// <summary>
    /// A stand-in for a fetched row that cannot be decoded: its kind is replaced so no worker runs it, and the
    /// executor records the decoding error on it like any failed attempt (retried, then discarded).
    /// </summary>
    private static JobRow UnreadableRow(NpgsqlDataReader reader, string queue, Exception error) => new()
    {
        Id = reader.GetInt64(0),
        State = JobState.Running,
        Attempt = reader.GetInt16(2),
        MaxAttempts = reader.GetInt16(9),
        CreatedAt = DateTimeOffset.UtcNow,
        ScheduledAt = DateTimeOffset.UtcNow,
        Priority = 1,
        EncodedArgs = Array.Empty<byte>(),
        Kind = UnreadableRowKind + error.Message,
        Queue = queue,
    };

    /// <summary>The kind prefix of <see cref="UnreadableRow"/>; no worker is registered under it.</summary>
    internal const string UnreadableRowKind = "river:unreadable_row: ";

    private void Dispatch(JobRow row)
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
        ThreadPool.UnsafeQueueUserWorkItem(job, preferLocal: false);
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
            var left = Interlocked.Decrement(ref _runningCount);
            if (_stopFetching.IsCancellationRequested)
            {
                if (left == 0 && _loop is { IsCompleted: true })
                {
                    _drained.TrySetResult();
                }
            }
            else if (_lastFetchFull)
            {
                _wake.Set();
            }
        }
    }

    /// <summary>A fetched job in a worker slot: its attempt's cancellation source, and the work item that runs it.</summary>
    private sealed class RunningJob(QueueProducer producer, JobRow row) : AttemptCancellation, IThreadPoolWorkItem
    {
        public JobRow Row { get; } = row;

        void IThreadPoolWorkItem.Execute() => _ = producer.WorkAsync(this);
    }
}
