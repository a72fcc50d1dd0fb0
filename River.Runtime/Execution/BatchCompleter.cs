using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using River.Database.Queries;
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

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly ILogger _logger;
    private readonly Channel<JobCompletion> _channel = Channel.CreateUnbounded<JobCompletion>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });
    private readonly SemaphoreSlim _capacity;
    private readonly SemaphoreSlim _thresholdReached = new(0, 1);
    private readonly TimeSpan _flushInterval;
    private readonly int _threshold;
    private readonly int _maxBatch;
    private int _pending;
    private Task? _loop;

    public BatchCompleter(NpgsqlDataSource dataSource, SchemaSql sql, ILogger logger,
        TimeSpan? flushInterval = null, int threshold = RiverDefaults.CompleterFlushThreshold,
        int maxBatch = RiverDefaults.CompleterMaxBatch, int maxBacklog = RiverDefaults.CompleterMaxBacklog)
    {
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
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var ids = await WriteAsync(batch).ConfigureAwait(false);
                Written?.Invoke(ids);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                if (attempt >= MaxWriteAttempts)
                {
                    RiverLog.CompleterGaveUp(_logger, e, batch.Count, attempt);
                    return;
                }
                var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * Math.Pow(2, attempt)));
                RiverLog.CompleterWriteFailed(_logger, e, batch.Count, attempt, delay);
                await Task.Delay(delay).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Writes a batch in one round trip: plain completions (no output) with <see cref="SchemaSql.SetCompletedIfRunning"/>,
    /// everything else with <see cref="SchemaSql.SetStatesIfRunning"/>; both statements in one <see cref="NpgsqlBatch"/>.
    /// </summary>
    private async Task<IReadOnlyList<long>> WriteAsync(List<JobCompletion> batch)
    {
        var plain = 0;
        foreach (var c in batch)
        {
            if (IsPlainCompletion(c))
            {
                plain++;
            }
        }
        var other = batch.Count - plain;

        var completedIds = new long[plain];
        var completedAt = new DateTime[plain];
        var ids = new long[other];
        var states = new string[other];
        var finalizedAt = new DateTime?[other];
        var scheduledAt = new DateTime?[other];
        var errors = new string?[other];
        var snoozed = new bool[other];
        var metadata = new string?[other];
        int p = 0, o = 0;
        foreach (var c in batch)
        {
            if (IsPlainCompletion(c))
            {
                completedIds[p] = c.JobId;
                completedAt[p++] = c.FinalizedAt!.Value.UtcDateTime;
                continue;
            }
            ids[o] = c.JobId;
            states[o] = JobStateNames.ToDb(c.State);
            finalizedAt[o] = c.FinalizedAt?.UtcDateTime;
            scheduledAt[o] = c.ScheduledAt?.UtcDateTime;
            errors[o] = c.ErrorJson;
            snoozed[o] = c.Snoozed;
            metadata[o++] = c.MetadataPatchJson;
        }

        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlBatch(connection);
        if (plain > 0)
        {
            var completed = new NpgsqlBatchCommand(_sql.SetCompletedIfRunning);
            completed.Parameters.Add(new NpgsqlParameter<long[]>("ids", completedIds));
            completed.Parameters.Add(new NpgsqlParameter<DateTime[]>("finalized_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = completedAt });
            command.BatchCommands.Add(completed);
        }
        if (other > 0)
        {
            var general = new NpgsqlBatchCommand(_sql.SetStatesIfRunning);
            general.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
            general.Parameters.Add(new NpgsqlParameter<string[]>("states", states));
            general.Parameters.Add(new NpgsqlParameter<DateTime?[]>("finalized_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = finalizedAt });
            general.Parameters.Add(new NpgsqlParameter<DateTime?[]>("scheduled_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = scheduledAt });
            general.Parameters.Add(new NpgsqlParameter<string?[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = errors });
            general.Parameters.Add(new NpgsqlParameter<bool[]>("snoozed", snoozed));
            general.Parameters.Add(new NpgsqlParameter<string?[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = metadata });
            command.BatchCommands.Add(general);
        }
        var changed = new List<long>(batch.Count);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        do
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                changed.Add(reader.GetInt64(0));
            }
        }
        while (await reader.NextResultAsync().ConfigureAwait(false));
        return changed;
    }

    /// <summary>Completed, no output to merge: the lean statement applies.</summary>
    internal static bool IsPlainCompletion(in JobCompletion c) =>
        c.State == JobState.Completed && c.FinalizedAt is not null && c.MetadataPatchJson is null && c.ErrorJson is null && !c.Snoozed;
}
