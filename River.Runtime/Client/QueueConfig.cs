namespace River;

/// <summary>How a client works one queue.</summary>
public sealed record QueueConfig
{
    /// <summary>
    /// The queue name: 1 to 64 characters: lower-case ASCII letters and digits, in groups separated by a single _, -
    /// or |.
    /// </summary>
    public required string Name { get; init; }
    /// <summary>How many jobs of the queue this client works at once, 1 to 10,000.</summary>
    public required int MaxWorkers { get; init; }
    /// <summary>The shortest time between two fetches; <see langword="null"/> uses the client's <see cref="RiverClientOptions.FetchCooldown"/>.</summary>
    public TimeSpan? FetchCooldown { get; init; }
    /// <summary>How often an idle queue polls; <see langword="null"/> uses the client's <see cref="RiverClientOptions.FetchPollInterval"/>.</summary>
    public TimeSpan? FetchPollInterval { get; init; }
}

/// <summary>The queues a client works, by name.</summary>
public sealed class QueueConfigCollection : IEnumerable<QueueConfig>
{
    private readonly Dictionary<string, QueueConfig> _queues = new(StringComparer.Ordinal);

    /// <summary>The number of queues.</summary>
    public int Count => _queues.Count;

    /// <summary>Adds (or replaces) a queue.</summary>
    /// <param name="name">
    /// The queue name: 1 to 64 characters: lower-case ASCII letters and digits, in groups separated by a single _, -
    /// or |.
    /// </param>
    /// <param name="maxWorkers">How many jobs to work at once (1..10,000).</param>
    /// <param name="fetchCooldown">Overrides the client's fetch cooldown for this queue.</param>
    /// <param name="fetchPollInterval">Overrides the client's poll interval for this queue.</param>
    public QueueConfigCollection Add(string name, int maxWorkers, TimeSpan? fetchCooldown = null, TimeSpan? fetchPollInterval = null)
        => Add(new QueueConfig { Name = name, MaxWorkers = maxWorkers, FetchCooldown = fetchCooldown, FetchPollInterval = fetchPollInterval });

    /// <summary>Adds (or replaces) a queue.</summary>
    public QueueConfigCollection Add(QueueConfig queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(queue.Name);
        _queues[queue.Name] = queue;
        return this;
    }

    /// <summary>Removes a queue.</summary>
    public bool Remove(string name) => _queues.Remove(name);

    /// <summary>Looks a queue up.</summary>
    public bool TryGet(string name, out QueueConfig? queue) => _queues.TryGetValue(name, out queue);

    /// <inheritdoc />
    public IEnumerator<QueueConfig> GetEnumerator() => _queues.Values.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
