namespace River.Maintenance;

/// <summary>
/// The lifecycle every leader-only background service shares (not to be confused with
/// Microsoft.Extensions.Hosting's BackgroundService): <see cref="StartAsync"/> / <see cref="StopAsync"/> (both
/// idempotent; stop is safe before start; a stopped service can start again when leadership returns),
/// <see cref="Started"/> / <see cref="Stopped"/> signals, a random start jitter, runs separated by
/// cancellation-aware sleeps on the client's <see cref="TimeProvider"/>, bounded batches with a per-batch timeout,
/// and a breaker that halves the batch size after repeated timeouts and doubles it back after clean runs.
/// <see cref="RunOnceAsync"/> runs one pass deterministically (tests).
/// </summary>
internal abstract class MaintenanceService
{
    /// <summary>A run stops after this many full batches; the rest waits for the next run (bounds one run's work).</summary>
    internal const int MaxBatchesPerRun = 100;

    private readonly object _gate = new();
    private readonly SemaphoreSlim _runGate = new(1, 1);
    private readonly int _maxBatchSize;
    private CancellationTokenSource? _cts;
    private Task? _loop;
    private TaskCompletionSource _started = NewTcs();
    private TaskCompletionSource _stopped = NewTcs();
    private TaskCompletionSource _wake = NewTcs();
    private int _batchSize;
    private int _consecutiveTimeouts;
    private int _cleanRuns;

    protected MaintenanceService(string name, MaintenanceContext context, int maxBatchSize)
    {
        Name = name;
        Context = context;
        _maxBatchSize = Math.Max(1, maxBatchSize);
        _batchSize = _maxBatchSize;
        _stopped.TrySetResult(); // not running
    }

    /// <summary>The service's name (logs).</summary>
    public string Name { get; }

    protected MaintenanceContext Context { get; }

    protected TimeProvider Time => Context.Time;

    /// <summary>Completes once the current (or next) start has begun running the loop.</summary>
    public Task Started { get { lock (_gate) { return _started.Task; } } }

    /// <summary>Completes when the service is not running (at once before the first start; after each stop).</summary>
    public Task Stopped { get { lock (_gate) { return _stopped.Task; } } }

    /// <summary>Whether the loop runs.</summary>
    public bool IsRunning { get { lock (_gate) { return _loop is not null; } } }

    /// <summary>The batch size now (the breaker may have reduced it).</summary>
    public int BatchSize => Volatile.Read(ref _batchSize);

    /// <summary>The configured (largest) batch size.</summary>
    public int MaxBatchSize => _maxBatchSize;

    /// <summary>Raised once the timer of a sleep exists, with its length (tests advance a fake clock after it).</summary>
    internal event Action<TimeSpan>? Sleeping;

    /// <summary>Raised after each run of the loop (or of <see cref="RunOnceAsync"/>) with the number of rows it changed, or -1 when it failed.</summary>
    internal event Action<int>? RunFinished;

    /// <summary>Starts the loop. Idempotent: a running service is left as it is.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_loop is not null)
            {
                return Task.CompletedTask;
            }
            if (_started.Task.IsCompleted)
            {
                _started = NewTcs();
            }
            _stopped = NewTcs();
            _cts = new CancellationTokenSource();
            var token = _cts.Token;
            _loop = Task.Run(() => LoopAsync(token), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop and waits for the current run to end (its statements are cancelled). Idempotent; safe before start.</summary>
    public async Task StopAsync()
    {
        Task? loop;
        CancellationTokenSource? cts;
        TaskCompletionSource stopped;
        lock (_gate)
        {
            loop = _loop;
            cts = _cts;
            stopped = _stopped;
            _loop = null;
            _cts = null;
        }
        if (loop is null)
        {
            await stopped.Task.ConfigureAwait(false);
            return;
        }
        await cts!.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        finally
        {
            cts.Dispose();
            stopped.TrySetResult();
        }
    }

    /// <summary>Interrupts the current sleep so the next run starts at once (or the next delay is recomputed).</summary>
    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>
    /// Runs one pass now (batches until one comes back short, at most <see cref="MaxBatchesPerRun"/>). Returns the
    /// rows changed. Passes never overlap: a call made while the loop runs one waits for it.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await _runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        int changed;
        try
        {
            changed = await RunCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            RunFinished?.Invoke(-1);
            throw;
        }
        finally
        {
            _runGate.Release();
        }
        RunFinished?.Invoke(changed);
        return changed;
    }

    /// <summary>One pass of the service. Use <see cref="RunBatchesAsync"/> for batched work.</summary>
    protected abstract Task<int> RunCoreAsync(CancellationToken cancellationToken);

    /// <summary>How long to wait after start (and jitter) before the first run; default: run at once.</summary>
    protected virtual TimeSpan FirstDelay(DateTimeOffset now) => TimeSpan.Zero;

    /// <summary>How long to wait after a run before the next one.</summary>
    protected abstract TimeSpan NextDelay(DateTimeOffset now);

    /// <summary>
    /// Calls <paramref name="batch"/> with the current batch size until it changes fewer rows than that (or
    /// <see cref="MaxBatchesPerRun"/> batches ran). Each batch gets <see cref="MaintenanceOptions.BatchTimeout"/>;
    /// a batch that times out ends the run (not an error) and counts towards the breaker.
    /// </summary>
    protected async Task<int> RunBatchesAsync(Func<int, CancellationToken, Task<int>> batch, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var i = 0; i < MaxBatchesPerRun; i++)
        {
            var size = BatchSize;
            using var timeout = new CancellationTokenSource(Context.Options.BatchTimeout, Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            int changed;
            try
            {
                changed = await batch(size, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                                      && e is OperationCanceledException or Npgsql.NpgsqlException)
            {
                RecordTimeout(size);
                return total;
            }
            total += changed;
            if (changed < size)
            {
                break;
            }
        }
        RecordCleanRun();
        return total;
    }

    private void RecordTimeout(int size)
    {
        MaintenanceLog.BatchTimedOut(Context.Logger, Name, size, Context.Options.BatchTimeout);
        _cleanRuns = 0;
        if (++_consecutiveTimeouts >= Context.Options.BreakerTripAfter)
        {
            _consecutiveTimeouts = 0;
            var reduced = Math.Max(Math.Min(MaintenanceDefaults.BreakerMinBatchSize, _maxBatchSize), BatchSize / 2);
            Volatile.Write(ref _batchSize, reduced);
            MaintenanceLog.BreakerTripped(Context.Logger, Name, Context.Options.BreakerTripAfter, reduced);
        }
    }

    private void RecordCleanRun()
    {
        _consecutiveTimeouts = 0;
        if (BatchSize >= _maxBatchSize)
        {
            _cleanRuns = 0;
            return;
        }
        if (++_cleanRuns >= Context.Options.BreakerRecoverAfter)
        {
            _cleanRuns = 0;
            var grown = (int)Math.Min(_maxBatchSize, (long)BatchSize * 2);
            Volatile.Write(ref _batchSize, grown);
            if (grown == _maxBatchSize)
            {
                MaintenanceLog.BreakerRecovered(Context.Logger, Name, grown);
            }
        }
    }

    /// <summary>The longest single timer a sleep arms; longer sleeps are chained (timers cannot exceed ~49 days).</summary>
    internal static readonly TimeSpan MaxTimer = TimeSpan.FromDays(1);

    /// <summary>
    /// Sleeps on the client's clock until <paramref name="delay"/> has passed (long sleeps chain timers of at most
    /// <see cref="MaxTimer"/>); returns early (true) when <see cref="Wake"/> is called. Throws
    /// <see cref="OperationCanceledException"/> when the service stops.
    /// </summary>
    protected async Task<bool> SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var deadline = delay >= DateTimeOffset.MaxValue - Time.GetUtcNow() ? DateTimeOffset.MaxValue : Time.GetUtcNow() + delay;
        while (true)
        {
            var wake = Volatile.Read(ref _wake);
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, NewTcs(), wake);
                return true;
            }
            var remaining = deadline - Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }
            var chunk = remaining < MaxTimer ? remaining : MaxTimer;
            using var sleepCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(chunk, Time, sleepCts.Token);
            Sleeping?.Invoke(chunk);
            var first = await Task.WhenAny(timer, wake.Task).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == wake.Task)
            {
                await sleepCts.CancelAsync().ConfigureAwait(false);
                Interlocked.CompareExchange(ref _wake, NewTcs(), wake);
                return true;
            }
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _started.TrySetResult();
        }
        try
        {
            var jitter = Context.Options.StartJitter;
            if (jitter > TimeSpan.Zero)
            {
                await SleepAsync(TimeSpan.FromTicks((long)(jitter.Ticks * Random.Shared.NextDouble())), cancellationToken).ConfigureAwait(false);
            }
            var delay = FirstDelay(Time.GetUtcNow());
            while (true)
            {
                if (delay > TimeSpan.Zero && await SleepAsync(delay, cancellationToken).ConfigureAwait(false) && !RunsWhenWoken)
                {
                    delay = NextDelay(Time.GetUtcNow());
                    continue;
                }
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    MaintenanceLog.RunFailed(Context.Logger, e, Name);
                }
                delay = NextDelay(Time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is Npgsql.NpgsqlException)
        {
        }
    }

    /// <summary>Whether <see cref="Wake"/> triggers a run (true) or only a recomputation of the delay (false).</summary>
    protected virtual bool RunsWhenWoken => true;

    private static TaskCompletionSource NewTcs() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
