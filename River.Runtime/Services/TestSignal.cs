using System.Threading.Channels;

namespace River.Services;

/// <summary>
/// A point in a background service that tests can await (River's <c>testsignal</c>). Free in production: until a
/// test calls <see cref="Init"/>, <see cref="Signal"/> is one null check and records nothing. Once initialised,
/// every signal is buffered in order, so a test awaits each occurrence in turn with <see cref="WaitAsync"/> and
/// never misses one that fired before it started waiting. The same point can also be observed synchronously
/// (<see cref="Observe"/>: the bench's latency probe, which must not buffer millions of occurrences): one signal
/// mechanism serves tests, the bench and the client's internal hooks.
/// </summary>
/// <typeparam name="T">What each occurrence carries (a delay, a count, a state).</typeparam>
internal sealed class TestSignal<T>
{
    /// <summary>How long <see cref="WaitAsync"/> waits by default before it fails the test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private Channel<T>? _channel;
    private Action<T>? _observers;

    /// <param name="name">What the signal marks (named in the timeout error).</param>
    public TestSignal(string name) => Name = name;

    /// <summary>What the signal marks, e.g. <c>producer.fetched</c>.</summary>
    public string Name { get; }

    /// <summary>Whether a test initialised the signal.</summary>
    public bool IsInitialized => Volatile.Read(ref _channel) is not null;

    /// <summary>Starts recording occurrences (tests only; call before the service starts). Idempotent.</summary>
    public void Init() => Interlocked.CompareExchange(ref _channel,
        Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false }), null);

    /// <summary>
    /// Records one occurrence (when a test called <see cref="Init"/>) and calls the observers (when there are any);
    /// otherwise two null checks, no allocation.
    /// </summary>
    public void Signal(T value)
    {
        Volatile.Read(ref _channel)?.Writer.TryWrite(value);
        Volatile.Read(ref _observers)?.Invoke(value);
    }

    /// <summary>
    /// Calls <paramref name="observer"/> with every later occurrence, synchronously on the service's thread (keep it
    /// short; it delays the service). Nothing is buffered for observers. Observers are never removed.
    /// </summary>
    public void Observe(Action<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Action<T>? current, combined;
        do
        {
            current = Volatile.Read(ref _observers);
            combined = (Action<T>)Delegate.Combine(current, observer);
        }
        while (Interlocked.CompareExchange(ref _observers, combined, current) != current);
    }

    /// <summary>
    /// Returns the oldest occurrence not yet awaited, waiting for the next one if there is none.
    /// </summary>
    /// <exception cref="InvalidOperationException">The signal was not initialised (call <see cref="Init"/> first).</exception>
    /// <exception cref="TimeoutException">Nothing was signalled within <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>).</exception>
    public Task<T> WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => WaitForAsync(static _ => true, timeout, cancellationToken);

    /// <summary>Awaits occurrences until one satisfies <paramref name="predicate"/> and returns it (earlier ones are consumed).</summary>
    /// <exception cref="InvalidOperationException">The signal was not initialised (call <see cref="Init"/> first).</exception>
    /// <exception cref="TimeoutException">No matching occurrence within <paramref name="timeout"/> in total.</exception>
    public async Task<T> WaitForAsync(Func<T, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var channel = Volatile.Read(ref _channel)
            ?? throw new InvalidOperationException($"Test signal '{Name}' was not initialised: call Init() on it before starting the service.");
        var limit = timeout ?? DefaultTimeout;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(limit);
        try
        {
            while (true)
            {
                while (channel.Reader.TryRead(out var value))
                {
                    if (predicate(value))
                    {
                        return value;
                    }
                }
                // Only the synchronous TryRead above takes occurrences; waiting takes none, so a timeout never loses
                // one. (A ReadAsync cancelled by the timer could: an occurrence signalled just after the timeout was
                // once handed to the cancelled read and never seen again.)
                await channel.Reader.WaitToReadAsync(timer.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Test signal '{Name}': no awaited occurrence within {limit}.");
        }
    }

    /// <summary>
    /// Initialises the signal when needed, forgets the occurrences not yet awaited, and returns the next one: "the
    /// next time this happens from now on" (call it before the action that should cause the occurrence).
    /// </summary>
    /// <exception cref="TimeoutException">Nothing was signalled within <paramref name="timeout"/>.</exception>
    public Task<T> NextAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => NextAsync(static _ => true, timeout, cancellationToken);

    /// <summary>As <see cref="NextAsync(TimeSpan?, CancellationToken)"/>, for the next occurrence that satisfies <paramref name="predicate"/>.</summary>
    public Task<T> NextAsync(Func<T, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        Init();
        while (TryTake(out _))
        {
        }
        return WaitForAsync(predicate, timeout, cancellationToken);
    }

    /// <summary>Takes the oldest occurrence not yet awaited, if any, without waiting.</summary>
    public bool TryTake(out T value)
    {
        var channel = Volatile.Read(ref _channel);
        if (channel is not null && channel.Reader.TryRead(out value!))
        {
            return true;
        }
        value = default!;
        return false;
    }
}
