using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Diagnostics;
using River.Logging;
using River.Services;

namespace River.Execution;

/// <summary>
/// Gathers attempt outcomes and writes them in batches with one <c>UPDATE … FROM unnest(…)</c> guarded by
/// <c>state = 'running'</c>. Flushes every <see cref="RiverDefaults.CompleterFlushInterval"/> while it holds
/// outcomes, or at once when <see cref="RiverDefaults.CompleterFlushThreshold"/> wait; writes at most
/// <see cref="RiverDefaults.CompleterMaxBatch"/> per statement, with up to
/// <see cref="RiverDefaults.CompleterMaxConcurrentWrites"/> writes at once (see <see cref="RunAsync"/>); makes workers wait while more than
/// <see cref="RiverDefaults.CompleterMaxBacklog"/> are unwritten. Transient database errors are retried with
/// backoff (on the client's clock); <see cref="RiverService.StopAsync"/> stops accepting outcomes and returns once
/// every accepted one is written. A completer starts once.
/// </summary>
internal sealed class BatchCompleter : RiverService
{
    // 8, not River's 3: with WriteBackoff the tries span about 11 s, enough to ride out a database restart (docs/reliability.md).
    private const int MaxWriteAttempts = 8;

    /// <summary>
    /// Attempts of one batch the server refused (an error it reported, or a command timeout) before it is written in
    /// halves. Connection failures never split a batch: during an outage every half would fail the same way.
    /// </summary>
    private const int SplitAfterAttempts = 2;

    /// <summary>Whether the error came from the server or the command's time limit, not from a lost or refused connection.</summary>
    private static bool RefusedByServer(Exception e) => e switch
    {
        PostgresException pg => !pg.SqlState.StartsWith("08", StringComparison.Ordinal) && !pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
        TimeoutException => true,
        NpgsqlException { InnerException: TimeoutException } => true,
        _ => false,
    };

    /// <summary>Delays between tries of a batch write that failed transiently (100 ms doubling to 5 s).</summary>
    private static readonly Retries.Backoff WriteBackoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly ILogger _logger;
    private readonly Channel<JobCompletion> _channel = Channel.CreateUnbounded<JobCompletion>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly SemaphoreSlim _capacity;
    private readonly Events.EventHub? _events;
    private readonly TimeSpan _flushInterval;
    private readonly int _threshold;
    private readonly int _maxBatch;
    private int _pending;

    /// <summary>Outcomes accepted and not yet taken into a write (the flush threshold counts these, not those being written).</summary>
    private int _queued;

    /// <summary>
    /// Held while the loop drains the channel and while <see cref="EnqueueManyAsync"/> writes a batch worker's outcomes,
    /// so that the outcomes of one call are never split between two writes (below the statement cap).
    /// </summary>
    private readonly object _drainLock = new();

    /// <summary>Lists of written batches, reused (at most one per concurrent write, and one being filled).</summary>
    private readonly Stack<List<JobCompletion>> _spareBatches = new();

    /// <param name="context">The client's shared context.</param>
    /// <param name="events">The client's event hub (outcome events are published when it has subscribers).</param>
    /// <param name="written">The signal of each write (the client's, which outlives a completer rebuilt after a failed start); a new one when null.</param>
    public BatchCompleter(ClientContext context, Events.EventHub? events = null, TestSignal<IReadOnlyList<long>>? written = null)
        : base("completer", context.Time, context.Logger)
    {
        _events = events;
        _dataSource = context.DataSource;
        _sql = context.Sql;
        _logger = context.Logger;
        _flushInterval = RiverDefaults.CompleterFlushInterval;
        _threshold = RiverDefaults.CompleterFlushThreshold;
        _maxBatch = RiverDefaults.CompleterMaxBatch;
        _capacity = new SemaphoreSlim(RiverDefaults.CompleterMaxBacklog, RiverDefaults.CompleterMaxBacklog);
        Written = written ?? new TestSignal<IReadOnlyList<long>>(Name + ".written");
    }

    /// <summary>Outcomes accepted but not yet written.</summary>
    public int Backlog => Volatile.Read(ref _pending);

    /// <summary>
    /// Signalled after each successful write with the ids of the jobs that changed: awaited by tests, observed by the
    /// bench's latency probe (<see cref="TestSignal{T}.Observe"/>).
    /// </summary>
    internal TestSignal<IReadOnlyList<long>> Written { get; }

    /// <summary>Accepts an outcome; waits while the backlog is full.</summary>
    public async ValueTask EnqueueAsync(JobCompletion completion)
    {
        await _capacity.WaitAsync().ConfigureAwait(false);
        if (!_channel.Writer.TryWrite(completion))
        {
            _capacity.Release();
            throw new InvalidOperationException("The completer is stopped; the outcome of job " + completion.JobId + " was not accepted.");
        }
        Interlocked.Increment(ref _pending);
        if (Interlocked.Increment(ref _queued) == _threshold)
        {
            Wake(); // ends the flush interval's wait at once
        }
    }

    /// <summary>
    /// Accepts the outcomes of one batch worker call together: they go into the same write (unless the write is already
    /// at <see cref="RiverDefaults.CompleterMaxBatch"/>), one statement for the whole batch rather than one per job.
    /// Waits while the backlog is full.
    /// </summary>
    public async ValueTask EnqueueManyAsync(IReadOnlyList<JobCompletion> completions)
    {
        for (var i = 0; i < completions.Count; i++)
        {
            await _capacity.WaitAsync().ConfigureAwait(false);
        }
        lock (_drainLock)
        {
            for (var i = 0; i < completions.Count; i++)
            {
                if (!_channel.Writer.TryWrite(completions[i]))
                {
                    _capacity.Release(completions.Count - i);
                    Interlocked.Add(ref _pending, i);
                    Interlocked.Add(ref _queued, i);
                    throw new InvalidOperationException($"The completer is stopped; the outcomes of {completions.Count - i} jobs of a batch (first: job {completions[i].JobId}) were not accepted.");
                }
            }
        }
        Interlocked.Add(ref _pending, completions.Count);
        var queued = Interlocked.Add(ref _queued, completions.Count);
        if (queued >= _threshold && queued - completions.Count < _threshold)
        {
            Wake(); // ends the flush interval's wait at once
        }
    }

    /// <summary>
    /// Writes batches until stopped; a stop completes the channel (no new outcomes), skips the flush wait, and the
    /// loop ends once every accepted outcome is written. Up to <see cref="RiverDefaults.CompleterMaxConcurrentWrites"/>
    /// writes run at once: while one has been in the database for longer than the flush interval (a batch of workflow
    /// tasks spends most of its time releasing their dependents), the outcomes that arrived meanwhile go out on a second
    /// connection instead of waiting for it.
    /// Outcomes of different writes are of different jobs (a job's next outcome needs the previous one committed), so
    /// the writes commute; their row locks are taken in id order (<see cref="WorkflowSql"/>), and a deadlock the
    /// server breaks is a transient failure retried like any other.
    /// </summary>
    protected override async Task RunAsync(CancellationToken stopping)
    {
        using var stop = stopping.UnsafeRegister(static state => ((BatchCompleter)state!)._channel.Writer.TryComplete(), this);
        var reader = _channel.Reader;
        var writes = new List<Task>(RiverDefaults.CompleterMaxConcurrentWrites);
        var lastStarted = 0L;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _queued) < _threshold && !stopping.IsCancellationRequested)
                {
                    try
                    {
                        await SleepAsync(_flushInterval, stopping).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        // stopping: flush what is there without waiting
                    }
                }
                if (writes.Count == RiverDefaults.CompleterMaxConcurrentWrites)
                {
                    // No free connection: waits for a write to end, and drains after it, so this batch takes in what
                    // arrived meanwhile (fewer, fuller writes).
                    await Task.WhenAny(writes).ConfigureAwait(false);
                }
                else if (writes.Count > 0 && !stopping.IsCancellationRequested)
                {
                    // A write is in the database: another one starts only once the newest has taken a flush interval
                    // (or one ends first). Short writes (plain completions) stay one after the other, each taking in
                    // what arrived meanwhile.
                    var left = _flushInterval - Time.GetElapsedTime(lastStarted);
                    if (left > TimeSpan.Zero)
                    {
                        using var timer = new CancellationTokenSource();
                        var running = writes.Count == 1 ? writes[0] : Task.WhenAny(writes);
                        if (await Task.WhenAny(running, Task.Delay(left, Time, timer.Token)).ConfigureAwait(false) == running)
                        {
                            timer.Cancel();
                        }
                    }
                }
                for (var i = writes.Count - 1; i >= 0; i--)
                {
                    if (writes[i].IsCompleted)
                    {
                        await writes[i].ConfigureAwait(false); // a write never throws but for a defect: the loop ends with it
                        writes.RemoveAt(i);
                    }
                }
                var batch = Drain(reader);
                if (batch is null)
                {
                    continue;
                }
                lastStarted = Time.GetTimestamp();
                writes.Add(WriteAndReleaseAsync(batch));
            }
        }
        finally
        {
            await Task.WhenAll(writes).ConfigureAwait(false);
        }
    }

    /// <summary>Takes up to <see cref="RiverDefaults.CompleterMaxBatch"/> outcomes from the channel; null when there is none.</summary>
    private List<JobCompletion>? Drain(ChannelReader<JobCompletion> reader)
    {
        List<JobCompletion> batch;
        lock (_spareBatches)
        {
            batch = _spareBatches.Count > 0 ? _spareBatches.Pop() : new List<JobCompletion>(_maxBatch);
        }
        lock (_drainLock)
        {
            while (batch.Count < _maxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
        }
        if (batch.Count == 0)
        {
            Recycle(batch);
            return null;
        }
        Interlocked.Add(ref _queued, -batch.Count);
        return batch;
    }

    private async Task WriteAndReleaseAsync(List<JobCompletion> batch)
    {
        await Task.Yield(); // the loop goes on draining while this write waits for the database
        await WriteWithRetriesAsync(batch).ConfigureAwait(false);
        Interlocked.Add(ref _pending, -batch.Count);
        _capacity.Release(batch.Count);
        batch.Clear();
        Recycle(batch);
    }

    /// <summary>Keeps a written batch's list for the next one (lists of <see cref="RiverDefaults.CompleterMaxBatch"/> outcomes are large).</summary>
    private void Recycle(List<JobCompletion> batch)
    {
        lock (_spareBatches)
        {
            _spareBatches.Push(batch);
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
                Written.Signal(ids);
                return;
            }
            catch (ObjectDisposedException e)
            {
                RiverLog.DataSourceDisposed(_logger, e, "the completer (" + batch.Count + " job outcomes not written; the jobs stay running until rescued)");
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                if (batch.Count > 1 && attempt >= SplitAfterAttempts && RefusedByServer(e))
                {
                    // The server refused or could not finish this batch twice (one outcome a trigger or constraint
                    // refuses, a statement timeout, the lock table): halves, so the rest is not held back with it.
                    RiverLog.CompleterWriteFailed(_logger, e, batch.Count, attempt, TimeSpan.Zero);
                    var half = batch.Count / 2;
                    await WriteWithRetriesAsync(batch.GetRange(0, half)).ConfigureAwait(false);
                    await WriteWithRetriesAsync(batch.GetRange(half, batch.Count - half)).ConfigureAwait(false);
                    return;
                }
                if (attempt >= MaxWriteAttempts)
                {
                    RiverLog.CompleterGaveUp(_logger, e, batch.Count, attempt);
                    return;
                }
                var delay = WriteBackoff.Delay(attempt);
                RiverLog.CompleterWriteFailed(_logger, e, batch.Count, attempt, delay);
                await Task.Delay(delay, Time, CancellationToken.None).ConfigureAwait(false); // a stop still writes what it accepted
            }
        }
    }

    /// <summary>
    /// Writes a batch in one round trip (one or two statements, see <see cref="CompletionBatch"/>). Rows come back only
    /// when someone listens for events (then every outcome goes through the general statement, which returns them —
    /// except completions of a client that deletes them, whose delete returns them); at full speed, ids are enough and
    /// plain completions take the lean statement.
    /// </summary>
    private async Task<IReadOnlyList<long>> WriteAsync(List<JobCompletion> batch)
    {
        var publish = _events is { HasSubscribers: true };
        var parameters = CompletionBatch.Build(batch, lean: !publish || _sql.DeleteCompleted, _sql.DeleteCompleted);
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlBatch(connection);
        parameters.AddTo(command, _sql, publish ? _sql.SetStatesIfRunningReturningRows : _sql.SetStatesIfRunning,
            publish ? _sql.SetCompletedIfRunningReturningRows : null);
        var stateResults = command.BatchCommands.Count;
        var workflowTasks = WorkflowTaskIds(batch);
        if (workflowTasks is not null)
        {
            // Only batches holding workflow tasks: the statements of every other batch are unchanged.
            Workflows.WorkflowAdvance.AddTo(command, _sql, workflowTasks);
        }
        if (_sql.PrepareStatements)
        {
            await command.PrepareAsync().ConfigureAwait(false);
        }
        var changed = new List<long>(batch.Count);
        List<JobRow>? rows = publish ? new List<JobRow>(batch.Count) : null;
        Workflows.WorkflowAdvanceResult? advanced = null;
        await using (var reader = await command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            var result = 0;
            do
            {
                if (result++ == stateResults)
                {
                    advanced = await Workflows.WorkflowAdvance.ReadAsync(reader).ConfigureAwait(false);
                    break;
                }
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
        if (advanced is not null)
        {
            changed.AddRange(advanced.Changed);
            PublishFinished(advanced.Finished);
        }
        return changed;
    }

    /// <summary>The ids of the workflow tasks in <paramref name="batch"/>, or null when there is none (the common case: no allocation).</summary>
    private static long[]? WorkflowTaskIds(List<JobCompletion> batch)
    {
        List<long>? ids = null;
        foreach (var c in batch)
        {
            if (c.WorkflowTask)
            {
                (ids ??= []).Add(c.JobId);
            }
        }
        return ids?.ToArray();
    }

    private void PublishFinished(IReadOnlyList<(string Id, string Name)> finished) => Workflows.WorkflowAdvanceResult.PublishFinished(_events, finished);

    private void Publish(List<JobCompletion> batch, List<JobRow> rows)
    {
        var written = Time.GetUtcNow();
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
