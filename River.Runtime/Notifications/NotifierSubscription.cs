using System.Threading.Channels;

namespace River.Notifications;

/// <summary>
/// A subscriber's view of one topic: a bounded channel of notifications, a signal that completes once the
/// topic's LISTEN is in effect, and a count of notifications dropped because the channel was full (delivery
/// never blocks the notifier), or instead a handler the notifier calls on its receive thread
/// (<see cref="Notifier.SubscribeInline"/>). Dispose to unsubscribe; the last subscriber of a topic leaving UNLISTENs it.
/// </summary>
internal sealed class NotifierSubscription : IDisposable
{
    private readonly Notifier _notifier;
    private readonly Channel<Notification> _channel;
    private readonly Action<Notification>? _inline;
    private long _dropped;
    private int _disposed;

    internal NotifierSubscription(Notifier notifier, string topic, int capacity, TaskCompletionSource established, Action<Notification>? inline = null)
    {
        _notifier = notifier;
        _inline = inline;
        Topic = topic;
        EstablishedSource = established;
        _channel = Channel.CreateBounded<Notification>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: we count the drop instead of waiting.
            SingleReader = true,
            SingleWriter = true,
        });
    }

    /// <summary>The full channel name (schema-prefixed).</summary>
    public string Topic { get; }

    /// <summary>The notifications; completed when the subscription is disposed or the notifier stops.</summary>
    public ChannelReader<Notification> Reader => _channel.Reader;

    /// <summary>Completes once LISTEN on the topic is in effect (immediately if it already was).</summary>
    public Task Established => EstablishedSource.Task;

    internal TaskCompletionSource EstablishedSource { get; set; }

    /// <summary>Notifications lost because this subscriber did not read fast enough.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    internal void Deliver(in Notification notification)
    {
        if (_inline is { } handler)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                handler(notification);
            }
            return;
        }
        if (!_channel.Writer.TryWrite(notification))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _notifier.Unsubscribe(this);
            Complete();
        }
    }
}
