using River.Services;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// What every leader-only background service adds to the <see cref="RiverService"/> lifecycle (which it starts and
/// stops with, again each time leadership returns): a random start jitter, runs separated by sleeps on the client's
/// <see cref="TimeProvider"/>, bounded batches with a per-batch timeout, and a breaker that halves the batch size
/// after repeated timeouts and doubles it back after clean runs. <see cref="RunOnceAsync"/> runs one pass
/// deterministically (tests).
/// </summary>
internal abstract class MaintenanceService : RiverService
{
    /// <summary>A run stops after this many full batches; the rest waits for the next run (bounds one run's work).</summary>
    internal const int MaxBatchesPerRun = 100;

    private readonly SemaphoreSlim _runGate = new(1, 1);
    private readonly int _maxBatchSize;
    private int _batchSize;
    private int _consecutiveTimeouts;
    private int _cleanRuns;

    protected MaintenanceService(string name, MaintenanceContext context, int maxBatchSize)
        : base(name, context.Time, context.Logger)
    {
        Context = context;
        _maxBatchSize = Math.Max(1, maxBatchSize);
        _batchSize = _maxBatchSize;
        RunFinished = new TestSignal<int>(name + ".run_finished");
    }

    protected MaintenanceContext Context { get; }

    /// <summary>The batch size now (the breaker may have reduced it).</summary>
    public int BatchSize => Volatile.Read(ref _batchSize);

    /// <summary>The configured (largest) batch size.</summary>
    public int MaxBatchSize => _maxBatchSize;

    /// <summary>Signalled after each run of the loop (or of <see cref="RunOnceAsync"/>) with the number of rows it changed, or -1 when it failed.</summary>
    internal TestSignal<int> RunFinished { get; }

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
            RunFinished.Signal(-1);
            throw;
        }
        finally
        {
            _runGate.Release();
        }
        RunFinished.Signal(changed);
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

    protected override async Task RunAsync(CancellationToken stopping)
    {
        var jitter = Context.Options.StartJitter;
        if (jitter > TimeSpan.Zero)
        {
            await SleepAsync(TimeSpan.FromTicks((long)(jitter.Ticks * Random.Shared.NextDouble())), stopping).ConfigureAwait(false);
        }
        var delay = FirstDelay(Time.GetUtcNow());
        while (true)
        {
            if (delay > TimeSpan.Zero && await SleepAsync(delay, stopping).ConfigureAwait(false) && !RunsWhenWoken)
            {
                delay = NextDelay(Time.GetUtcNow());
                continue;
            }
            stopping.ThrowIfCancellationRequested();
            try
            {
                await RunOnceAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                if (!Context.Client.Fence.TryReportRefusal(Name, e))
                {
                    MaintenanceLog.RunFailed(Context.Logger, e, Name);
                }
            }
            delay = NextDelay(Time.GetUtcNow());
        }
    }

    /// <summary>Whether <see cref="RiverService.Wake"/> triggers a run (true) or only a recomputation of the delay (false).</summary>
    protected virtual bool RunsWhenWoken => true;

}
