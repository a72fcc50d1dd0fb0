using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Logging;
using River.Services;

namespace River.Notifications;

/// <summary>
/// One dedicated PostgreSQL connection (outside the pool) that carries every LISTEN of a client, whatever the
/// number of subscribers and topics. Subscribers get bounded channels; several subscribers of a topic share one
/// LISTEN and the last one leaving UNLISTENs. The receive loop never blocks on a subscriber (a full channel drops
/// and counts). Subscription changes take effect at once: the loop's wait is interrupted by a NOTIFY on a private
/// wake-up channel (cancelling <see cref="NpgsqlConnection.WaitAsync(CancellationToken)"/> is not safe in Npgsql).
/// The connection is pinged when idle; on any error it reconnects with exponential backoff (1 s … 64 s, jitter),
/// LISTENs every live topic again and sends each subscriber a <see cref="Notification.MaybeMissed"/> message.
/// <see cref="RiverService.StopAsync"/> closes the connection and completes every subscription. A notifier starts
/// once.
/// </summary>
internal sealed class Notifier : RiverService
{
    internal static readonly TimeSpan DefaultPingInterval = TimeSpan.FromSeconds(5);
    internal static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(64);
    /// <summary>After this many failed reconnects in a row the unhealthy callback runs (once per streak).</summary>
    internal const int UnhealthyAfterFailures = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly TimeSpan _pingInterval;
    private readonly Action<Exception>? _onUnhealthy;
    private readonly object _gate = new();
    private readonly Dictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private readonly string _wakeChannel;
    private volatile bool _dirty;
    private NotifierState _state;
    private long _received;
    private long _reconnects;

    /// <param name="context">The client's shared context (its <see cref="RiverClientOptions.OnNotifierUnhealthy"/> is called).</param>
    /// <param name="pingInterval">How long the connection may stay idle before a ping (default <see cref="DefaultPingInterval"/>).</param>
    public Notifier(ClientContext context, TimeSpan? pingInterval = null)
        : base("notifier", context.Time, context.Logger)
    {
        _dataSource = context.DataSource;
        _logger = context.Logger;
        _pingInterval = pingInterval ?? DefaultPingInterval;
        _onUnhealthy = context.Options.OnNotifierUnhealthy;
        _wakeChannel = context.Sql.Schema + ".river_notifier_wake_" + Guid.NewGuid().ToString("N");
        StateChanged = new TestSignal<NotifierState>(Name + ".state_changed");
        TopicsSynced = new TestSignal<int>(Name + ".topics_synced");
    }

    /// <summary>The connection's state.</summary>
    public NotifierState State { get { lock (_gate) { return _state; } } }

    /// <summary>Signalled on every state change.</summary>
    internal TestSignal<NotifierState> StateChanged { get; }

    /// <summary>Signalled after the loop brought LISTENs in line with the subscriptions, with the number of LISTEN/UNLISTEN issued.</summary>
    internal TestSignal<int> TopicsSynced { get; }

    /// <summary>Notifications received from the server since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>How many times the connection was re-established after a failure.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>The backend pid of the current connection (tests terminate it), or 0.</summary>
    public int BackendProcessId { get; private set; }

    /// <summary>Whether LISTEN on <paramref name="topic"/> is in effect on the current connection.</summary>
    internal bool IsListening(string topic)
    {
        lock (_gate)
        {
            return _topics.TryGetValue(topic, out var state) && state.Listening;
        }
    }

    /// <summary>Subscribes to a full channel name. The returned <see cref="NotifierSubscription.Established"/> completes once LISTEN is in effect.</summary>
    public NotifierSubscription Subscribe(string topic, int capacity = 1000) => Subscribe(topic, capacity, inline: null);

    /// <summary>
    /// Subscribes with a handler called on the notifier's receive thread for every message of the topic, instead of
    /// the subscription's channel (which then only completes when the notifier stops or the subscription is
    /// disposed). The handler must be quick and must not block or throw: it holds up every later notification.
    /// Synthetic <see cref="Notification.MaybeMissed"/> messages go to the handler as well, called while the notifier
    /// holds its lock (a handler must not call back into the notifier).
    /// </summary>
    public NotifierSubscription SubscribeInline(string topic, Action<Notification> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Subscribe(topic, capacity: 1, inline: handler);
    }

    private NotifierSubscription Subscribe(string topic, int capacity, Action<Notification>? inline)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        NotifierSubscription subscription;
        bool wake;
        lock (_gate)
        {
            if (!_topics.TryGetValue(topic, out var state))
            {
                state = new Topic();
                _topics.Add(topic, state);
            }
            state.Removed = false;
            var established = state.Listening
                ? CompletedSource()
                : state.Established;
            subscription = new NotifierSubscription(this, topic, capacity, established, inline);
            state.Subscribers = [.. state.Subscribers, subscription];
            wake = !state.Listening;
            _dirty |= wake;
        }
        if (wake)
        {
            WakeLoop();
        }
        return subscription;
    }

    internal void Unsubscribe(NotifierSubscription subscription)
    {
        bool wake = false;
        lock (_gate)
        {
            if (_topics.TryGetValue(subscription.Topic, out var state))
            {
                state.Subscribers = state.Subscribers.Where(s => !ReferenceEquals(s, subscription)).ToArray();
                if (state.Subscribers.Length == 0)
                {
                    state.Removed = true;
                    wake = _dirty = true;
                }
            }
        }
        if (wake)
        {
            WakeLoop();
        }
    }

    private void CompleteSubscriptions()
    {
        lock (_gate)
        {
            foreach (var topic in _topics.Values)
            {
                foreach (var s in topic.Subscribers)
                {
                    s.Complete();
                }
            }
        }
    }

    private void WakeLoop()
    {
        if (!IsRunning)
        {
            return;
        }
        // Fire and forget: a NOTIFY on our private channel makes WaitAsync return. Failures are harmless (the
        // loop also wakes on its ping interval), so they are only logged at debug level.
        _ = Task.Run(async () =>
        {
            try
            {
                await using var cmd = _dataSource.CreateCommand(NotifierSql.Wake);
                cmd.Parameters.Add(new NpgsqlParameter<string>("c", _wakeChannel));
                await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is NpgsqlException or ObjectDisposedException or InvalidOperationException or TimeoutException)
            {
                RiverLog.NotifierWakeFailed(_logger, e);
            }
        });
    }

    /// <summary>Connects, listens, and reconnects until stopped; then completes every subscription.</summary>
    protected override async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            // A stop interrupts the connection's wait with a NOTIFY (cancelling WaitAsync is not safe in Npgsql).
            using var wake = stopping.UnsafeRegister(static state => ((Notifier)state!).WakeLoop(), this);
            await ConnectionLoopAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            CompleteSubscriptions();
            SetState(NotifierState.Stopped);
        }
    }

    private async Task ConnectionLoopAsync(CancellationToken ct)
    {
        var failures = 0;
        var firstConnect = true;
        while (!ct.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                SetState(firstConnect ? NotifierState.Connecting : NotifierState.Reconnecting);
                connection = await OpenDedicatedConnectionAsync(ct).ConfigureAwait(false);
                connection.Notification += OnNotification;
                BackendProcessId = connection.ProcessID;
                await ExecuteAsync(connection, NotifierSql.Listen(_wakeChannel), ct).ConfigureAwait(false);
                lock (_gate)
                {
                    foreach (var topic in _topics.Values)
                    {
                        topic.Listening = false; // a new connection listens to nothing yet
                    }
                    _dirty = true;
                }
                if (!firstConnect)
                {
                    // Counted before the resync below tells subscribers they may have missed messages: one that reads
                    // that signal sees the reconnect counted.
                    Interlocked.Increment(ref _reconnects);
                }
                await SyncTopicsAsync(connection, resync: !firstConnect, ct).ConfigureAwait(false);
                if (!firstConnect)
                {
                    RiverLog.NotifierReconnected(_logger);
                }
                firstConnect = false;
                failures = 0;
                SetState(NotifierState.Listening);

                while (!ct.IsCancellationRequested)
                {
                    if (_dirty)
                    {
                        await SyncTopicsAsync(connection, resync: false, ct).ConfigureAwait(false);
                    }
                    var gotOne = await connection.WaitAsync(_pingInterval, CancellationToken.None).ConfigureAwait(false);
                    if (!gotOne && !ct.IsCancellationRequested)
                    {
                        await ExecuteAsync(connection, NotifierSql.Ping, ct).ConfigureAwait(false); // idle ping
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failures++;
                var delay = Backoff(failures);
                RiverLog.NotifierConnectionFailed(_logger, e, failures, delay);
                SetState(NotifierState.Reconnecting);
                if (failures == UnhealthyAfterFailures)
                {
                    try { _onUnhealthy?.Invoke(e); }
                    catch (Exception callbackError) { RiverLog.NotifierUnhealthyCallbackFailed(_logger, callbackError); }
                }
                try { await Task.Delay(delay, Time, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
            finally
            {
                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    BackendProcessId = 0;
                    try { await connection.DisposeAsync().ConfigureAwait(false); }
                    catch (Exception) { /* a broken connection may throw on close; nothing to do */ }
                }
            }
        }
    }

    private async Task<NpgsqlConnection> OpenDedicatedConnectionAsync(CancellationToken ct)
    {
        await using var template = _dataSource.CreateConnection();
        var builder = new NpgsqlConnectionStringBuilder(template.ConnectionString)
        {
            Pooling = false,
            KeepAlive = (int)Math.Max(1, _pingInterval.TotalSeconds),
            ApplicationName = "river-notifier",
        };
        var connection = await template.CloneWithAsync(builder.ConnectionString, ct).ConfigureAwait(false);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Issues LISTEN for new topics and UNLISTEN for abandoned ones, then completes the established signals.</summary>
    private async Task SyncTopicsAsync(NpgsqlConnection connection, bool resync, CancellationToken ct)
    {
        List<string> listen = [];
        List<string> unlisten = [];
        lock (_gate)
        {
            _dirty = false;
            foreach (var (name, topic) in _topics)
            {
                if (topic.Removed && topic.Subscribers.Length == 0)
                {
                    unlisten.Add(name);
                }
                else if (!topic.Listening)
                {
                    topic.Removed = false;
                    listen.Add(name);
                }
            }
        }
        foreach (var name in listen)
        {
            await ExecuteAsync(connection, NotifierSql.Listen(name), ct).ConfigureAwait(false);
        }
        foreach (var name in unlisten)
        {
            await ExecuteAsync(connection, NotifierSql.Unlisten(name), ct).ConfigureAwait(false);
        }
        lock (_gate)
        {
            foreach (var name in unlisten)
            {
                if (_topics.TryGetValue(name, out var topic) && topic.Subscribers.Length == 0)
                {
                    _topics.Remove(name);
                }
                else if (topic is not null)
                {
                    _dirty = true; // resubscribed meanwhile
                }
            }
            foreach (var name in listen)
            {
                if (_topics.TryGetValue(name, out var topic))
                {
                    topic.Listening = true;
                    var established = topic.Established;
                    topic.Established = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    established.TrySetResult();
                    foreach (var s in topic.Subscribers)
                    {
                        s.EstablishedSource.TrySetResult();
                        if (resync)
                        {
                            s.Deliver(new Notification(name, "", MaybeMissed: true));
                        }
                    }
                }
            }
        }
        TopicsSynced.Signal(listen.Count + unlisten.Count);
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == _wakeChannel)
        {
            return;
        }
        Interlocked.Increment(ref _received);
        NotifierSubscription[] subscribers;
        lock (_gate)
        {
            if (!_topics.TryGetValue(e.Channel, out var topic))
            {
                return;
            }
            subscribers = topic.Subscribers;
        }
        var notification = new Notification(e.Channel, e.Payload, MaybeMissed: false, ReceivedAt: System.Diagnostics.Stopwatch.GetTimestamp());
        foreach (var s in subscribers)
        {
            s.Deliver(notification);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private void SetState(NotifierState state)
    {
        lock (_gate)
        {
            if (_state == state)
            {
                return;
            }
            _state = state;
        }
        StateChanged.Signal(state);
    }

    /// <summary>The delay before reconnect number <paramref name="failures"/> (1 s doubling to 64 s, with jitter).</summary>
    internal static TimeSpan Backoff(int failures) => ReconnectBackoff.Delay(failures);

    private static readonly Retries.Backoff ReconnectBackoff = new(MinBackoff, MaxBackoff);

    private static TaskCompletionSource CompletedSource()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tcs.SetResult();
        return tcs;
    }

    private sealed class Topic
    {
        public NotifierSubscription[] Subscribers = [];
        public bool Listening;
        public bool Removed;
        public TaskCompletionSource Established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
