using System.Threading.Channels;

namespace River;

/// <summary>
/// A subscription to a client's events: a bounded channel. A subscriber that does not keep up loses events
/// (counted in <see cref="Dropped"/> and logged); it never slows the completer. Dispose to unsubscribe.
/// </summary>
public sealed class RiverEventSubscription : IDisposable
{
    private readonly Action<RiverEventSubscription> _unsubscribe;
    private readonly Channel<RiverEvent> _channel;
    private readonly HashSet<RiverEventKind>? _kinds;
    private long _dropped;
    private int _disposed;

    internal RiverEventSubscription(int capacity, IReadOnlyCollection<RiverEventKind> kinds, Action<RiverEventSubscription> unsubscribe)
    {
        _unsubscribe = unsubscribe;
        _kinds = kinds.Count == 0 ? null : [.. kinds];
        _channel = Channel.CreateBounded<RiverEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full; the drop is counted
            SingleReader = false,
            SingleWriter = false,
        });
    }

    /// <summary>The events, in the order they happened per job.</summary>
    public ChannelReader<RiverEvent> Reader => _channel.Reader;

    /// <summary>Events lost because the channel was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Reads events until the subscription is disposed or the token is cancelled.</summary>
    public IAsyncEnumerable<RiverEvent> ReadAllAsync(CancellationToken cancellationToken = default) => _channel.Reader.ReadAllAsync(cancellationToken);

    internal bool Wants(RiverEventKind kind) => _kinds is null || _kinds.Contains(kind);

    /// <summary>Returns false when the event was dropped.</summary>
    internal bool TryDeliver(RiverEvent e)
    {
        if (_channel.Writer.TryWrite(e))
        {
            return true;
        }
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Unsubscribes; the reader completes after the buffered events.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }
}
