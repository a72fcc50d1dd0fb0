using River.Execution;
using River.Leadership;
using River.Services;

namespace River.Notifications;

/// <summary>
/// Carries a client's notifications to the services they concern, with one subscription per channel: an insert
/// wakes the producer of its queue (every producer after possibly missed messages) on the notifier's receive thread
/// (<see cref="Notifier.SubscribeInline"/>: no channel, no thread hop, so the fetch starts as soon as the message is
/// read; see <see cref="QueueProducer.WakeForInsert"/>); a control message goes to the
/// producers, which apply it themselves (<see cref="QueueProducer.HandleControl"/>); a leadership message goes to
/// the elector (<see cref="LeaderElector.HandleLeadership"/>). Start it before the notifier (its subscriptions are
/// then listened to on the first connection); it ends on its own once the notifier stops.
/// </summary>
internal sealed class NotificationRouter : RiverService
{
    private readonly ClientContext _context;
    private readonly Notifier _notifier;
    private readonly IReadOnlyDictionary<string, QueueProducer> _producers;
    private readonly LeaderElector _elector;
    private NotifierSubscription? _inserts;
    private NotifierSubscription? _control;
    private NotifierSubscription? _leadership;

    public NotificationRouter(ClientContext context, Notifier notifier, IReadOnlyDictionary<string, QueueProducer> producers, LeaderElector elector)
        : base("notification_router", context.Time, context.Logger)
    {
        _context = context;
        _notifier = notifier;
        _producers = producers;
        _elector = elector;
    }

    /// <summary>Subscribes to the insert (only when this client works queues), control and leadership channels.</summary>
    protected override Task OnStartAsync(CancellationToken cancellationToken)
    {
        var sql = _context.Sql;
        _inserts = _producers.Count > 0 ? _notifier.SubscribeInline(sql.InsertChannel, RouteInsert) : null;
        _control = _notifier.Subscribe(sql.ControlChannel);
        _leadership = _notifier.Subscribe(sql.LeadershipChannel);
        return Task.CompletedTask;
    }

    protected override async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await Task.WhenAll(
                _inserts is null ? Task.CompletedTask : RouteInsertsAsync(_inserts, stopping),
                RouteControlAsync(_control!, stopping),
                RouteLeadershipAsync(_leadership!, stopping)).ConfigureAwait(false);
        }
        finally
        {
            _inserts?.Dispose();
            _control?.Dispose();
            _leadership?.Dispose();
        }
    }

    /// <summary>Ends when the inline insert subscription is completed (notifier stopped) or the router stops.</summary>
    private static async Task RouteInsertsAsync(NotifierSubscription subscription, CancellationToken stopping)
    {
        await subscription.Reader.Completion.WaitAsync(stopping).ConfigureAwait(false);
    }

    /// <summary>Runs on the notifier's receive thread: quick, never throws (malformed payloads parse to no queue).</summary>
    private void RouteInsert(Notification n)
    {
        if (n.MaybeMissed)
        {
            // Called under the notifier's lock: the producers resume on the thread pool.
            foreach (var producer in _producers.Values)
            {
                producer.Wake();
            }
        }
        else if (NotificationPayloads.InsertQueue(n.Payload) is { } queue && _producers.TryGetValue(queue, out var producer))
        {
            producer.WakeForInsert(n.ReceivedAt);
        }
    }

    private async Task RouteControlAsync(NotifierSubscription subscription, CancellationToken stopping)
    {
        await foreach (var n in subscription.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
        {
            if (n.MaybeMissed)
            {
                continue;
            }
            var message = NotificationPayloads.ParseControl(n.Payload);
            foreach (var producer in _producers.Values)
            {
                if (producer.HandleControl(message))
                {
                    break; // a job runs in one producer only
                }
            }
        }
    }

    private async Task RouteLeadershipAsync(NotifierSubscription subscription, CancellationToken stopping)
    {
        await foreach (var n in subscription.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
        {
            _elector.HandleLeadership(n);
        }
    }
}
