using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Execution;
using River.Logging;

namespace River.Leadership;

/// <summary>
/// Elects one leader among the clients sharing a schema, with a lease in <c>river_leader</c>: every
/// <see cref="DefaultElectInterval"/> (with jitter) a follower tries to take the lease and the leader renews it for
/// <see cref="DefaultTtl"/>. A term is (leader id, elected_at): renewals only extend the same term. The leader
/// trusts itself for TTL − 1 s after its last successful renewal, then steps down locally even if the database is
/// unreachable, so two clients never both act as leader. On stop, and when asked on the leadership channel
/// (<c>request_resign</c>), the leader resigns and notifies; followers hearing <c>resigned</c> bid at once.
/// Handlers observe changes strictly in order, one at a time, on the elector's loop.
/// </summary>
internal sealed class LeaderElector : IAsyncDisposable
{
    public static readonly TimeSpan DefaultElectInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(15);

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly string _clientId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _ttl;
    private readonly AsyncSignal _wake = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Func<bool, CancellationToken, Task>> _handlers = [];
    private readonly string _deleteExpired, _attemptElect, _reelect, _resign;
    private Task? _loop;
    private DateTimeOffset? _electedAt;
    private DateTimeOffset _trustedUntil;
    private volatile bool _isLeader;
    private volatile bool _resignRequested;

    public LeaderElector(NpgsqlDataSource dataSource, SchemaSql sql, string clientId, TimeProvider time, ILogger logger,
        TimeSpan? interval = null, TimeSpan? ttl = null)
    {
        _dataSource = dataSource;
        _sql = sql;
        _clientId = clientId;
        _time = time;
        _logger = logger;
        _interval = interval ?? DefaultElectInterval;
        _ttl = ttl ?? DefaultTtl;
        _deleteExpired = sql.Fill(LeaderSql.DeleteExpired);
        _attemptElect = sql.Fill(LeaderSql.AttemptElect);
        _reelect = sql.Fill(LeaderSql.Reelect);
        _resign = sql.Fill(LeaderSql.Resign);
    }

    /// <summary>Whether this client currently holds a trusted lease.</summary>
    public bool IsLeader => _isLeader && _time.GetUtcNow() < _trustedUntil;

    /// <summary>Adds a handler called with true on gaining and false on losing leadership (before start).</summary>
    public void OnLeadershipChanged(Func<bool, CancellationToken, Task> handler) => _handlers.Add(handler);

    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>Try to elect at once (a resignation was heard, or the notifier resynced).</summary>
    public void Wake() => _wake.Set();

    /// <summary>Resign at the next opportunity (a <c>request_resign</c> was heard for this client).</summary>
    public void RequestResign()
    {
        _resignRequested = true;
        _wake.Set();
    }

    /// <summary>Stops electing; resigns if leading (so followers take over at once).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    private int _disposed;

    /// <summary>Stops the loop without resigning, as a crashed process would (tests).</summary>
    internal async Task AbandonAsync()
    {
        _abandon = true;
        await DisposeAsync().ConfigureAwait(false);
    }

    private volatile bool _abandon;

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (_isLeader && _resignRequested)
                {
                    _resignRequested = false;
                    await ResignAsync().ConfigureAwait(false);
                }
                else if (_isLeader)
                {
                    await RenewAsync(ct).ConfigureAwait(false);
                }
                else
                {
                    _resignRequested = false;
                    await TryElectAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
            {
                RiverLog.ElectionFailed(_logger, e);
            }
            if (_isLeader && _time.GetUtcNow() >= _trustedUntil)
            {
                await ChangeAsync(false, CancellationToken.None).ConfigureAwait(false); // lease no longer trusted
            }

            var jitter = TimeSpan.FromTicks((long)(_interval.Ticks * 0.1 * Random.Shared.NextDouble()));
            var wait = _isLeader ? _interval : _interval - jitter;
            if (_isLeader)
            {
                // Never sleep past the end of the trust window: renew (or step down) before it.
                var untilDistrust = _trustedUntil - _time.GetUtcNow();
                if (untilDistrust < wait)
                {
                    wait = untilDistrust > TimeSpan.Zero ? untilDistrust : TimeSpan.Zero;
                }
            }
            try
            {
                await _wake.WaitAsync(wait, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (_isLeader)
        {
            if (!_abandon)
            {
                try { await ResignAsync().ConfigureAwait(false); }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException or InvalidOperationException)
                {
                    RiverLog.ElectionFailed(_logger, e);
                }
            }
            await ChangeAsync(false, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task TryElectAsync(CancellationToken ct)
    {
        var started = _time.GetUtcNow();
        await using var batch = _dataSource.CreateBatch();
        var delete = new NpgsqlBatchCommand(_deleteExpired);
        var elect = new NpgsqlBatchCommand(_attemptElect);
        elect.Parameters.Add(new NpgsqlParameter<string>("leader_id", _clientId));
        elect.Parameters.Add(new NpgsqlParameter<TimeSpan>("ttl", _ttl));
        batch.BatchCommands.Add(delete);
        batch.BatchCommands.Add(elect);
        var electedAt = await batch.ExecuteScalarAsync(ct).ConfigureAwait(false);
        if (electedAt is DateTime at)
        {
            _electedAt = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
            _trustedUntil = started + _ttl - TimeSpan.FromSeconds(1);
            await ChangeAsync(true, ct).ConfigureAwait(false);
        }
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        var started = _time.GetUtcNow();
        await using var cmd = _dataSource.CreateCommand(_reelect);
        cmd.Parameters.Add(new NpgsqlParameter<string>("leader_id", _clientId));
        cmd.Parameters.Add(new NpgsqlParameter<TimeSpan>("ttl", _ttl));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("elected_at", _electedAt!.Value.UtcDateTime));
        var renewed = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        if (renewed is null)
        {
            await ChangeAsync(false, ct).ConfigureAwait(false); // someone else holds the lease now
        }
        else
        {
            _trustedUntil = started + _ttl - TimeSpan.FromSeconds(1);
        }
    }

    private async Task ResignAsync()
    {
        if (_electedAt is null)
        {
            return;
        }
        await using var cmd = _dataSource.CreateCommand(_resign);
        cmd.Parameters.Add(new NpgsqlParameter<string>("leader_id", _clientId));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("elected_at", _electedAt.Value.UtcDateTime));
        cmd.Parameters.Add(new NpgsqlParameter<string>("channel", _sql.LeadershipChannel));
        await cmd.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        await ChangeAsync(false, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ChangeAsync(bool isLeader, CancellationToken ct)
    {
        if (_isLeader == isLeader)
        {
            return;
        }
        _isLeader = isLeader;
        if (!isLeader)
        {
            _electedAt = null;
            _trustedUntil = DateTimeOffset.MinValue;
        }
        RiverLog.LeadershipChanged(_logger, _clientId, isLeader);
        foreach (var handler in _handlers)
        {
            try
            {
                await handler(isLeader, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                RiverLog.LeadershipHandlerFailed(_logger, e);
            }
        }
    }
}
