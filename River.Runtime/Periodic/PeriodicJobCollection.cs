using System.Collections;

namespace River;

/// <summary>
/// The periodic jobs of a client, by id. Thread-safe: jobs can be added and removed while the client runs; the
/// leader's enqueuer picks changes up at once.
/// </summary>
public sealed class PeriodicJobCollection : IReadOnlyCollection<PeriodicJob>
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PeriodicJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Raised after every add or remove (the enqueuer wakes up).</summary>
    internal event Action? Changed;

    /// <summary>How many periodic jobs are registered.</summary>
    public int Count { get { lock (_gate) { return _jobs.Count; } } }

    /// <summary>Registers a periodic job.</summary>
    /// <exception cref="ArgumentException">A periodic job with the same id is already registered.</exception>
    public void Add(PeriodicJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            if (!_jobs.TryAdd(job.Id, job))
            {
                throw new ArgumentException($"A periodic job with id '{job.Id}' is already registered; ids must be unique (remove it first to replace it).", nameof(job));
            }
        }
        Changed?.Invoke();
    }

    /// <summary>Registers a periodic job (see <see cref="PeriodicJob(string, IPeriodicSchedule, Func{PeriodicJobContext, JobInsertRequest?}, bool)"/>).</summary>
    public PeriodicJob Add(string id, IPeriodicSchedule schedule, Func<PeriodicJobContext, JobInsertRequest?> constructor, bool runOnStart = false)
    {
        var job = new PeriodicJob(id, schedule, constructor, runOnStart);
        Add(job);
        return job;
    }

    /// <summary>Unregisters the periodic job with this id; returns whether it was registered. Jobs it already inserted stay.</summary>
    public bool Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        bool removed;
        lock (_gate)
        {
            removed = _jobs.Remove(id);
        }
        if (removed)
        {
            Changed?.Invoke();
        }
        return removed;
    }

    /// <summary>Whether a periodic job with this id is registered.</summary>
    public bool Contains(string id)
    {
        lock (_gate)
        {
            return _jobs.ContainsKey(id);
        }
    }

    /// <summary>A snapshot of the registered jobs.</summary>
    internal PeriodicJob[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _jobs.Values];
        }
    }

    /// <summary>Enumerates a snapshot.</summary>
    public IEnumerator<PeriodicJob> GetEnumerator() => ((IEnumerable<PeriodicJob>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
