using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Logging;
using River.Services;

namespace River.Leadership;

/// <summary>
/// Elects one leader among the clients sharing a schema, with a lease in <c>river_leader</c>: every
/// <see cref="DefaultElectInterval"/> (with jitter) a follower tries to take the lease and the leader renews it for
/// <see cref="DefaultTtl"/>. A term is (leader id, elected_at): renewals only extend the same term. The leader
/// trusts itself for TTL − 1 s after its last successful renewal, then steps down locally even if the database is
/// unreachable, so two clients never both act as leader. On stop, and when asked on the leadership channel
/// (<c>request_resign</c>), the leader resigns and notifies; followers hearing <c>resigned</c> bid at once.
/// Handlers observe changes strictly in order, one at a time, on the elector's loop. <see cref="RiverService.StopAsync"/>
/// resigns if leading (so followers take over at once) and returns once the handlers have seen the loss.
/// Winning also bumps the leader term (line typed's <c>river_typed_fence</c>, same statement); the term is entered in
/// the client's <see cref="LeaderFence"/> before the handlers start the leader's services and left after they stopped
/// them. Resigning stops the services first and deletes the lease after, so no leader-only write of this client runs
/// once followers may win. A write refused by the fence (another client won a newer term) makes this client step down
/// at once, without touching the lease.
/// </summary>
internal sealed class LeaderElector : RiverService
{
    public static readonly TimeSpan DefaultElectInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(15);

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly string _clientId;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _ttl;
    private readonly List<Func<bool, CancellationToken, Task>> _handlers = [];
    private readonly string _deleteExpired, _attemptElect, _reelect, _resign;
    private DateTimeOffset? _electedAt;
    private DateTimeOffset _trustedUntil;
    private volatile bool _isLeader;
    private volatile bool _resignRequested;
    private volatile bool _deposed;
    private readonly LeaderFence _fence;

    /// <param name="context">The client's shared context (its <see cref="RiverClientOptions.LeaderElectInterval"/> and <see cref="RiverClientOptions.LeaderTtl"/>).</param>
    public LeaderElector(ClientContext context)
        : base("elector", context.Time, context.Logger)
    {
        _dataSource = context.DataSource;
        var sql = _sql = context.Sql;
        _clientId = context.ClientId;
        _logger = context.Logger;
        _interval = context.Options.LeaderElectInterval;
        _ttl = context.Options.LeaderTtl;
        LeadershipChanged = new TestSignal<bool>(Name + ".leadership_changed");
        _deleteExpired = sql.LeaderDeleteExpired;
        _attemptElect = sql.LeaderAttemptElect;
        _reelect = sql.LeaderReelect;
        _resign = sql.LeaderResign;
        _fence = context.Fence;
        _fence.Deposed = () =>
        {
            _deposed = true;
            Wake();
        };
    }

    /// <summary>The term this client leads with, 0 when it does not lead.</summary>
    public long Term => _fence.Term;

    /// <summary>Whether this client currently holds a trusted lease.</summary>
    public bool IsLeader => _isLeader && Time.GetUtcNow() < _trustedUntil;

    /// <summary>Signalled after each change of leadership has been handled, with whether this client leads now.</summary>
    internal TestSignal<bool> LeadershipChanged { get; }

    /// <summary>Adds a handler called with true on gaining and false on losing leadership (before start).</summary>
    public void OnLeadershipChanged(Func<bool, CancellationToken, Task> handler) => _handlers.Add(handler);

    /// <summary>Resign at the next opportunity (a <c>request_resign</c> was heard for this client).</summary>
    public void RequestResign()
    {
        _resignRequested = true;
        Wake();
    }

    /// <summary>
    /// Applies a message of the leadership channel: a resignation (or possibly missed messages) makes this client bid
    /// at once; a <c>request_resign</c> for this client (or for any leader) makes it resign if it leads.
    /// </summary>
    public void HandleLeadership(Notifications.Notification notification)
    {
        var message = notification.MaybeMissed ? default : Notifications.NotificationPayloads.ParseLeadership(notification.Payload);
        if (notification.MaybeMissed || message.Action == "resigned")
        {
            Wake();
        }
        else if (message.Action == "request_resign" && (message.LeaderId is null || message.LeaderId == _clientId))
        {
            RequestResign();
        }
    }

    /// <summary>Stops the loop without resigning, as a crashed process would (tests).</summary>
    internal async Task AbandonAsync()
    {
        _abandon = true;
        await StopAsync().ConfigureAwait(false);
    }

    private volatile bool _abandon;

    /// <summary>Elects or renews every interval (at once when woken); resigns on the way out.</summary>
    protected override async Task RunAsync(CancellationToken stopping)
    {
        var ct = stopping;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (_isLeader && _deposed)
                {
                    _deposed = false;
                    await ChangeAsync(false, CancellationToken.None).ConfigureAwait(false); // the fence saw a newer term
                }
                else if (_isLeader && _resignRequested)
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
                    _deposed = false;
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
            if (_isLeader && Time.GetUtcNow() >= _trustedUntil)
            {
                await ChangeAsync(false, CancellationToken.None).ConfigureAwait(false); // lease no longer trusted
            }

            var jitter = TimeSpan.FromTicks((long)(_interval.Ticks * 0.1 * Random.Shared.NextDouble()));
            var wait = _isLeader ? _interval : _interval - jitter;
            if (_isLeader)
            {
                // Never sleep past the end of the trust window: renew (or step down) before it.
                var untilDistrust = _trustedUntil - Time.GetUtcNow();
                if (untilDistrust < wait)
                {
                    wait = untilDistrust > TimeSpan.Zero ? untilDistrust : TimeSpan.Zero;
                }
            }
            try
            {
                await SleepAsync(wait, ct).ConfigureAwait(false);
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
        var started = Time.GetUtcNow();
        await using var batch = _dataSource.CreateBatch();
        var delete = new NpgsqlBatchCommand(_deleteExpired);
        var elect = new NpgsqlBatchCommand(_attemptElect);
        elect.Parameters.Add(new NpgsqlParameter<string>("leader_id", _clientId));
        elect.Parameters.Add(new NpgsqlParameter<TimeSpan>("ttl", _ttl));
        batch.BatchCommands.Add(delete);
        batch.BatchCommands.Add(elect);
        DateTime? electedAt = null;
        long term = 0;
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            do
            {
                if (reader.FieldCount == 2 && await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    electedAt = reader.GetDateTime(0);
                    term = reader.GetInt64(1);
                }
            }
            while (await reader.NextResultAsync(ct).ConfigureAwait(false));
        }
        if (electedAt is { } at)
        {
            _electedAt = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
            _trustedUntil = started + _ttl - TimeSpan.FromSeconds(1);
            _fence.Enter(term);
            await ChangeAsync(true, ct).ConfigureAwait(false);
        }
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        var started = Time.GetUtcNow();
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

    /// <summary>Stops the leader's services (the handlers), then deletes the lease and tells the followers.</summary>
    private async Task ResignAsync()
    {
        if (_electedAt is not { } electedAt)
        {
            return;
        }
        await ChangeAsync(false, CancellationToken.None).ConfigureAwait(false);
        LeaseDeleting.Signal(electedAt);
        await using var cmd = _dataSource.CreateCommand(_resign);
        cmd.Parameters.Add(new NpgsqlParameter<string>("leader_id", _clientId));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("elected_at", electedAt.UtcDateTime));
        cmd.Parameters.Add(new NpgsqlParameter<string>("channel", _sql.LeadershipChannel));
        await cmd.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Signalled (with the term's elected_at) after the services stopped and before the lease is deleted (tests).</summary>
    internal TestSignal<DateTimeOffset> LeaseDeleting { get; } = new("elector.lease_deleting");

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
        if (!isLeader)
        {
            _fence.Leave(); // the services have stopped: nothing of this term is in flight
        }
        LeadershipChanged.Signal(isLeader);
    }
}
