using Microsoft.Extensions.Logging;

namespace River.Events;

/// <summary>
/// Fans events out to subscriptions without ever blocking the publisher (the completer or a producer). Drops are
/// counted per subscription and logged at most once per <see cref="DropLogEvery"/> drops.
/// </summary>
internal sealed class EventHub
{
    private const int DropLogEvery = 1000;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private RiverEventSubscription[] _subscriptions = [];
    private long _dropped;

    public EventHub(ILogger logger) => _logger = logger;

    public bool HasSubscribers => Volatile.Read(ref _subscriptions).Length > 0;

    public RiverEventSubscription Subscribe(int capacity, IReadOnlyCollection<RiverEventKind> kinds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new RiverEventSubscription(capacity, kinds, Unsubscribe);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }
        return subscription;
    }

    private void Unsubscribe(RiverEventSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = _subscriptions.Where(s => !ReferenceEquals(s, subscription)).ToArray();
        }
    }

    public void Publish(RiverEvent e)
    {
        foreach (var s in Volatile.Read(ref _subscriptions))
        {
            if (s.Wants(e.Kind) && !s.TryDeliver(e))
            {
                var total = Interlocked.Increment(ref _dropped);
                if (total % DropLogEvery == 1)
                {
                    Logging.RiverLog.EventsDropped(_logger, total);
                }
            }
        }
    }
}
