namespace River.Dashboard.Queries;

/// <summary>
/// The reads behind live refreshes, shared: the live refreshes of every open page that shows the same thing (same
/// page, same filter) share one database read per <see cref="RiverDashboardOptions.RefreshInterval"/>, however many
/// browsers poll; concurrent refreshes wait for the one read in flight. A page opened or reloaded, or any action,
/// reads afresh (an action also drops every shared read, so the page it returns to shows its effect).
/// </summary>
internal sealed class LiveReads(TimeSpan maxAge, TimeProvider time)
{
    /// <summary>Distinct shared reads kept at most: 256 (past it, the oldest are dropped).</summary>
    public const int Capacity = 256;

    private readonly object _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _loads;

    /// <summary>Database reads started through this cache (fresh and shared), for tests.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>
    /// The value for <paramref name="key"/>: read afresh when <paramref name="fresh"/>, else the shared read if it is
    /// younger than the refresh interval (or still in flight); <c>Shared</c> says which it was.
    /// </summary>
    public async Task<(T Value, bool Shared)> GetAsync<T>(string key, bool fresh, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        Task<T> task;
        bool shared;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (!fresh && _entries.TryGetValue(key, out var entry) && entry.Read is Task<T> read && !read.IsFaulted && !read.IsCanceled
                && (!read.IsCompleted || time.GetElapsedTime(entry.CompletedAt ?? now, now) < maxAge))
            {
                task = read;
                shared = true;
            }
            else
            {
                // The read is not cancelled by the request that started it: others may be waiting for it.
                Interlocked.Increment(ref _loads);
                task = load(CancellationToken.None);
                var added = new Entry(task, now);
                _ = task.ContinueWith(_ => { lock (_lock) { added.CompletedAt = time.GetTimestamp(); } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                if (_entries.Count >= Capacity && !_entries.ContainsKey(key))
                {
                    _entries.Remove(_entries.MinBy(e => e.Value.Started).Key);
                }
                _entries[key] = added;
                shared = false;
            }
        }
        return (await task.WaitAsync(cancellationToken).ConfigureAwait(false), shared);
    }

    /// <summary>Drops every shared read (after an action: the next refresh reads what it changed).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    private sealed class Entry(Task read, long started)
    {
        public Task Read { get; } = read;

        public long Started { get; } = started;

        public long? CompletedAt { get; set; }
    }
}
