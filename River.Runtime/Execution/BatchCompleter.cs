using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Diagnostics;
using River.Logging;

namespace River.Execution;

/// <summary>
/// Gathers attempt outcomes and writes them in batches with one <c>UPDATE … FROM unnest(…)</c> guarded by
/// <c>state = 'running'</c>. Flushes every <see cref="RiverDefaults.CompleterFlushInterval"/> while it holds
/// outcomes, or at once when <see cref="RiverDefaults.CompleterFlushThreshold"/> wait; writes at most
/// <see cref="RiverDefaults.CompleterMaxBatch"/> per statement; makes workers wait while more than
/// <see cref="RiverDefaults.CompleterMaxBacklog"/> are unwritten. Transient database errors are retried with
/// backoff; <see cref="StopAsync"/> flushes what is left.
/// </summary>
internal sealed class BatchCompleter
{
    private const int MaxWriteAttempts = 8;

    /// <summary>Delays between tries of a batch write that failed transiently (100 ms doubling to 5 s).</summary>
    private static readonly Retries.Backoff WriteBackoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly ILogger _logger;
    private readonly Channel<JobCompletion> _channel = Channel.CreateUnbounded<JobCompletion>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly SemaphoreSlim _capacity;
    private readonly Events.EventHub? _events;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _thresholdReached = new(0, 1);
    private readonly TimeSpan _flushInterval;
    private readonly int _threshold;
    private readonly int _maxBatch;
    private int _pending;
    private Task? _loop;

    public BatchCompleter(NpgsqlDataSource dataSource, SchemaSql sql, ILogger logger,
        TimeSpan? flushInterval = null, int threshold = RiverDefaults.CompleterFlushThreshold,
        int maxBatch = RiverDefaults.CompleterMaxBatch, int maxBacklog = RiverDefaults.CompleterMaxBacklog,
        Events.EventHub? events = null, TimeProvider? time = null)
    {
        _events = events;
        _time = time ?? TimeProvider.System;
        _dataSource = dataSource;
        _sql = sql;
        _logger = logger;
        _flushInterval = flushInterval ?? RiverDefaults.CompleterFlushInterval;
        _threshold = threshold;
        _maxBatch = maxBatch;
        _capacity = new SemaphoreSlim(maxBacklog, maxBacklog);
    }

    /// <summary>Outcomes accepted but not yet written.</summary>
    public int Backlog => Volatile.Read(ref _pending);

    /// <summary>Raised after each successful write with the ids of the jobs that changed.</summary>
    public event Action<IReadOnlyList<long>>? Written;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Accepts an outcome; waits while the backlog is full.</summary>
    public async ValueTask EnqueueAsync(JobCompletion completion)
    {
        await _capacity.WaitAsync().ConfigureAwait(false);
        if (!_channel.Writer.TryWrite(completion))
        {
            _capacity.Release();
            throw new InvalidOperationException("The completer is stopped; the outcome of job " + completion.JobId + " was not accepted.");
        }
        if (Interlocked.Increment(ref _pending) == _threshold)
        {
            try { _thresholdReached.Release(); } catch (SemaphoreFullException) { }
        }
    }

    /// <summary>Stops accepting outcomes and writes every one already accepted.</summary>
    public async Task StopAsync()
    {
        _channel.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<JobCompletion>(_maxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (Volatile.Read(ref _pending) < _threshold && !reader.Completion.IsCompleted)
            {
                await _thresholdReached.WaitAsync(_flushInterval).ConfigureAwait(false);
            }
            while (batch.Count < _maxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            if (batch.Count == 0)
            {
                continue;
            }
            await WriteWithRetriesAsync(batch).ConfigureAwait(false);
            Interlocked.Add(ref _pending, -batch.Count);
            _capacity.Release(batch.Count);
            batch.Clear();
        }
    }

    private async Task WriteWithRetriesAsync(List<JobCompletion> batch)
    {
        using var activity = RiverTelemetry.StartCompleterBatch(batch.Count); // telemetry (River.Runtime/Diagnostics)
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var ids = await WriteAsync(batch).ConfigureAwait(false);
                RiverTelemetry.CompleterBatchWritten(System.Diagnostics.Stopwatch.GetElapsedTime(started));
                Written?.Invoke(ids);
                return;
            }
            catch (ObjectDisposedException e)
            {
                RiverLog.DataSourceDisposed(_logger, e, "the completer (" + batch.Count + " job outcomes not written; the jobs stay running until rescued)");
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                if (attempt >= MaxWriteAttempts)
                {
                    RiverLog.CompleterGaveUp(_logger, e, batch.Count, attempt);
                    return;
                }
                var delay = WriteBackoff.Delay(attempt);
                RiverLog.CompleterWriteFailed(_logger, e, batch.Count, attempt, delay);
                await Task.Delay(delay).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Writes a batch in one round trip (one or two statements, see <see cref="CompletionBatch"/>). Rows come back only
    /// when someone listens for events (then every outcome goes through the general statement, which returns them);
    /// at full speed, ids are enough and plain completions take the lean statement.
    /// </summary>
    private async Task<IReadOnlyList<long>> WriteAsync(List<JobCompletion> batch)
    {
        var publish = _events is { HasSubscribers: true };
        var parameters = CompletionBatch.Build(batch, lean: !publish);
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlBatch(connection);
        parameters.AddTo(command, _sql, publish ? _sql.SetStatesIfRunningReturningRows : _sql.SetStatesIfRunning);
        if (_sql.PrepareStatements)
        {
            await command.PrepareAsync().ConfigureAwait(false);
        }
        var changed = new List<long>(batch.Count);
        List<JobRow>? rows = publish ? new List<JobRow>(batch.Count) : null;
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            do
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    if (rows is null)
                    {
                        changed.Add(reader.GetInt64(0));
                    }
                    else
                    {
                        var row = JobRowReader.Read(reader);
                        changed.Add(row.Id);
                        rows.Add(row);
                    }
                }
            }
            while (await reader.NextResultAsync().ConfigureAwait(false));
        }
        if (rows is not null)
        {
            Publish(batch, rows);
        }
        return changed;
    }

    private void Publish(List<JobCompletion> batch, List<JobRow> rows)
    {
        var written = _time.GetUtcNow();
        var byId = new Dictionary<long, JobCompletion>(batch.Count);
        foreach (var c in batch)
        {
            byId[c.JobId] = c;
        }
        foreach (var row in rows)
        {
            if (!byId.TryGetValue(row.Id, out var c))
            {
                continue;
            }
            var kind = row.State switch
            {
                JobState.Completed => RiverEventKind.JobCompleted,
                JobState.Cancelled => RiverEventKind.JobCancelled,
                _ when c.Snoozed => RiverEventKind.JobSnoozed,
                _ => RiverEventKind.JobFailed,
            };
            var timings = new JobTimings(c.QueueWait, c.FinishedAt - c.StartedAt, written - c.FinishedAt);
            _events!.Publish(new RiverEvent(kind, row, timings, row.Queue));
        }
    }
}
