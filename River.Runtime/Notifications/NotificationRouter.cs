using River.Execution;
using River.Leadership;
using River.Services;

namespace River.Notifications;

/// <summary>
/// Carries a client's notifications to the services they concern, with one subscription per channel: an insert
/// wakes the producer of its queue (every producer after possibly missed messages); a control message goes to the
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
        _inserts = _producers.Count > 0 ? _notifier.Subscribe(sql.InsertChannel) : null;
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

    private async Task RouteInsertsAsync(NotifierSubscription subscription, CancellationToken stopping)
    {
        await foreach (var n in subscription.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
        {
            if (n.MaybeMissed)
            {
                foreach (var producer in _producers.Values)
                {
                    producer.Wake();
                }
            }
            else if (NotificationPayloads.InsertQueue(n.Payload) is { } queue && _producers.TryGetValue(queue, out var producer))
            {
                producer.Wake();
            }
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
