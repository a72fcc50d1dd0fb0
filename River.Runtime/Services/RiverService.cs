using Microsoft.Extensions.Logging;
using River.Logging;

namespace River.Services;

/// <summary>
/// The one lifecycle of every background service of a client (River's <c>rivershared/startstop</c>; not to be
/// confused with Microsoft.Extensions.Hosting's <c>BackgroundService</c>). <see cref="StartAsync"/> runs
/// <see cref="OnStartAsync"/> and then backgrounds <see cref="RunAsync"/>; <see cref="StopAsync"/> cancels the
/// loop's token and returns once the loop has fully ended. Both are idempotent, stop is safe before start and
/// twice, and a stopped service can start again (maintenance services do when leadership returns). Start and stop
/// are serialised: a start during a stop waits for the stop to finish.
/// </summary>
/// <remarks>
/// <para><see cref="Started"/> completes once the loop runs; <see cref="Stopped"/> completes while the service is
/// not running (at once before the first start, again after each stop). <see cref="Wake"/> cuts the current (or
/// next) <see cref="SleepAsync"/> short; wakes coalesce. Every sleep runs on the client's
/// <see cref="TimeProvider"/>, so tests drive a fake clock.</para>
/// <para>Do not call <see cref="StopAsync"/> from the service's own loop (it waits for that loop). An exception
/// that escapes <see cref="RunAsync"/> while the service is not stopping is logged and ends the loop:
/// <see cref="Stopped"/> completes, and <see cref="StopAsync"/> then returns at once (a start after it runs again).</para>
/// </remarks>
internal abstract class RiverService
{
    /// <summary>The longest single timer a sleep arms; longer sleeps are chained (timers cannot exceed ~49 days).</summary>
    internal static readonly TimeSpan MaxTimer = TimeSpan.FromDays(1);

    private readonly object _gate = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private CancellationTokenSource? _cts;
    private Task? _loop;
    private TaskCompletionSource _started = NewTcs();
    private TaskCompletionSource _stopped = NewTcs();
    // Without RunContinuationsAsynchronously: completing it runs the sleeper inline (WakeInline); Wake hops itself.
    private TaskCompletionSource _wake = new();
    private int _wakeQueued;

    /// <param name="name">The service's name (logs, test signal names).</param>
    /// <param name="time">The client's clock: every sleep and clock read of the service goes through it.</param>
    /// <param name="logger">Where a loop that fails unexpectedly is reported.</param>
    protected RiverService(string name, TimeProvider time, ILogger logger)
    {
        Name = name;
        Time = time;
        ServiceLogger = logger;
        _stopped.TrySetResult(); // not running
        SleepStarted = new TestSignal<TimeSpan>(name + ".sleep_started");
    }

    /// <summary>The service's name (logs).</summary>
    public string Name { get; }

    /// <summary>The client's clock.</summary>
    protected TimeProvider Time { get; }

    private ILogger ServiceLogger { get; }

    /// <summary>Completes once the current (or next) start has begun running the loop.</summary>
    public Task Started { get { lock (_gate) { return _started.Task; } } }

    /// <summary>Completes when the service is not running (at once before the first start; after each stop).</summary>
    public Task Stopped { get { lock (_gate) { return _stopped.Task; } } }

    /// <summary>Whether the loop runs (between a successful start and the next stop).</summary>
    public bool IsRunning { get { lock (_gate) { return _loop is { IsCompleted: false }; } } }

    /// <summary>Signalled once the timer of a sleep exists, with its length (tests advance a fake clock after it).</summary>
    internal TestSignal<TimeSpan> SleepStarted { get; }

    /// <summary>
    /// Starts the service: runs <see cref="OnStartAsync"/>, then backgrounds <see cref="RunAsync"/>. Idempotent: a
    /// running service is left as it is. When <see cref="OnStartAsync"/> throws, the service stays stopped and the
    /// exception reaches the caller.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsRunning)
            {
                return;
            }
            await OnStartAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _cts?.Dispose(); // a loop that failed on its own leaves its source behind

                if (_started.Task.IsCompleted)
                {
                    _started = NewTcs();
                }
                _stopped = NewTcs();
                _cts = new CancellationTokenSource();
                var token = _cts.Token;
                // Loops run in the empty execution context: AsyncLocal values of whoever started the client (an
                // Activity, a logging scope) do not leak into the services, the database calls or the jobs.
                using (ExecutionContext.SuppressFlow())
                {
                    _loop = Task.Run(() => LoopAsync(token), CancellationToken.None);
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops the service: cancels the loop's token and returns once the loop has ended (what it does on the way out,
    /// such as a final flush, is part of the stop). Idempotent; safe before start.
    /// </summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            Task? loop;
            CancellationTokenSource? cts;
            TaskCompletionSource stopped;
            lock (_gate)
            {
                loop = _loop;
                cts = _cts;
                stopped = _stopped;
            }
            if (loop is null)
            {
                return;
            }
            await cts!.CancelAsync().ConfigureAwait(false);
            try
            {
                await loop.ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _loop = null;
                    _cts = null;
                }
                cts.Dispose();
                stopped.TrySetResult();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Interrupts the current (or next) <see cref="SleepAsync"/>; any number of wakes before a sleep end one sleep.
    /// The loop resumes on the thread pool, never on the caller's thread (callers may hold locks or be hot paths).
    /// </summary>
    public void Wake()
    {
        if (Volatile.Read(ref _wake).Task.IsCompleted)
        {
            return; // a wake is pending already
        }
        // One queued completion at a time: wakes while it waits are served by it (it reads the current signal when
        // it runs, so a wake is never lost; at worst a later sleep ends early once).
        if (Interlocked.Exchange(ref _wakeQueued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static service => service.CompleteQueuedWake(), this, preferLocal: false);
        }
    }

    private void CompleteQueuedWake()
    {
        Volatile.Write(ref _wakeQueued, 0);
        Volatile.Read(ref _wake).TrySetResult();
    }

    /// <summary>
    /// <see cref="Wake"/> without the thread hop: a loop waiting in <see cref="SleepAsync"/> resumes on the caller's
    /// thread and runs there until its next asynchronous wait. Only for callers that hold no lock and whose thread
    /// may be borrowed for that long (the notifier's receive callback waking a producer).
    /// </summary>
    protected void WakeInline() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Work done before the loop starts (e.g. checks that must fail the start); default: none.</summary>
    protected virtual Task OnStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The service's loop. <paramref name="stopping"/> is cancelled by <see cref="StopAsync"/>; an
    /// <see cref="OperationCanceledException"/> (or a database error) thrown because of it ends the loop quietly.
    /// </summary>
    protected abstract Task RunAsync(CancellationToken stopping);

    /// <summary>
    /// Sleeps on the client's clock until <paramref name="delay"/> has passed (long sleeps chain timers of at most
    /// <see cref="MaxTimer"/>); returns early (true) when <see cref="Wake"/> is called, at once when a wake is
    /// pending. Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    protected async Task<bool> SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var deadline = delay >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + delay;
        while (true)
        {
            var wake = Volatile.Read(ref _wake);
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(), wake);
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
            SleepStarted.Signal(chunk);
            var first = await Task.WhenAny(timer, wake.Task).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == wake.Task)
            {
                sleepCts.Cancel();
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(), wake);
                return true;
            }
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        lock (_gate)
        {
            _started.TrySetResult();
        }
        try
        {
            await RunAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Npgsql.NpgsqlException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            RiverLog.ServiceFailed(ServiceLogger, e, Name);
            lock (_gate)
            {
                _stopped.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource NewTcs() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
