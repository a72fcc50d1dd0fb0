namespace River.Execution;

/// <summary>
/// Holds a producer's fetched jobs of one batch kind until they make a call of its <see cref="BatchWorker{TArgs}"/>: a
/// call goes out as soon as <see cref="BatchWorkerOptions.MaxSize"/> jobs wait; the jobs left over from a fetch go out
/// at the end of that fetch without a collection window, else when the window (started by the first of them) ends or
/// the producer stops fetching, whichever is first. The jobs it holds are admitted: running in the database, each in
/// a worker slot of the queue, cancellable. Not a service: it has no loop, only a timer while jobs wait.
/// </summary>
internal sealed class BatchCollector
{
    private readonly object _lock = new();
    private readonly List<QueueProducer.RunningJob> _waiting = [];
    private readonly TimeProvider _time;
    private readonly Action<WorkerRegistration, QueueProducer.RunningJob[]> _dispatch;
    private readonly int _maxSize;
    private readonly TimeSpan _window;
    private ITimer? _timer;
    private int _generation;
    private bool _flushing;

    /// <param name="registration">The kind's batch worker.</param>
    /// <param name="time">The client's clock (the window's timer).</param>
    /// <param name="dispatch">Starts one call with the jobs given (never called under the collector's lock).</param>
    public BatchCollector(WorkerRegistration registration, TimeProvider time, Action<WorkerRegistration, QueueProducer.RunningJob[]> dispatch)
    {
        Registration = registration;
        _time = time;
        _dispatch = dispatch;
        var options = registration.BatchOptions!;
        _maxSize = options.MaxSize;
        _window = options.CollectionWindow;
    }

    public WorkerRegistration Registration { get; }

    /// <summary>Jobs waiting for their call.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Takes an admitted job; starts a call when the batch is full.</summary>
    public void Add(QueueProducer.RunningJob job)
    {
        QueueProducer.RunningJob[]? full = null;
        lock (_lock)
        {
            _waiting.Add(job);
            if (_waiting.Count >= _maxSize)
            {
                full = TakeAll();
            }
        }
        if (full is not null)
        {
            _dispatch(Registration, full);
        }
    }

    /// <summary>A fetch has handed over all its jobs: the rest go out now, or when the window ends.</summary>
    public void FetchEnded()
    {
        QueueProducer.RunningJob[]? partial = null;
        lock (_lock)
        {
            if (_waiting.Count == 0)
            {
                return;
            }
            if (_window <= TimeSpan.Zero || _flushing)
            {
                partial = TakeAll();
            }
            else if (_timer is null)
            {
                var generation = _generation;
                _timer = _time.CreateTimer(static state =>
                {
                    var (collector, generation) = ((BatchCollector, int))state!;
                    collector.WindowEnded(generation);
                }, (this, generation), _window, Timeout.InfiniteTimeSpan);
            }
        }
        if (partial is not null)
        {
            _dispatch(Registration, partial);
        }
    }

    /// <summary>Fetching has stopped: every waiting job goes out now, and later ones (none are fetched) would too.</summary>
    public void Flush()
    {
        QueueProducer.RunningJob[]? rest;
        lock (_lock)
        {
            _flushing = true;
            rest = _waiting.Count == 0 ? null : TakeAll();
        }
        if (rest is not null)
        {
            _dispatch(Registration, rest);
        }
    }

    private void WindowEnded(int generation)
    {
        QueueProducer.RunningJob[]? partial = null;
        lock (_lock)
        {
            // A batch that filled up in the meantime has taken the jobs and retired this timer.
            if (generation == _generation && _waiting.Count > 0)
            {
                partial = TakeAll();
            }
        }
        if (partial is not null)
        {
            _dispatch(Registration, partial);
        }
    }

    /// <summary>Empties the batch and retires the window's timer (under the lock).</summary>
    private QueueProducer.RunningJob[] TakeAll()
    {
        var jobs = _waiting.ToArray();
        _waiting.Clear();
        _generation++;
        _timer?.Dispose();
        _timer = null;
        return jobs;
    }
}
