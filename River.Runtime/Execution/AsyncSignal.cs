namespace River.Execution;

/// <summary>
/// A coalescing auto-reset signal: any number of <see cref="Set"/> calls before a wait wake exactly one
/// <see cref="WaitAsync"/>. Used to wake a producer without queueing redundant fetches.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _tcs = NewTcs();

    /// <summary>Wakes the current or next waiter.</summary>
    public void Set() => Volatile.Read(ref _tcs).TrySetResult();

    /// <summary>Waits until set or until <paramref name="timeout"/> passes; resets the signal. Returns whether it was set.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var tcs = Volatile.Read(ref _tcs);
        if (!tcs.Task.IsCompleted)
        {
            try
            {
                await tcs.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
        // Reset only if nobody replaced it meanwhile; a Set that lands after this swap wakes the next wait.
        Interlocked.CompareExchange(ref _tcs, NewTcs(), tcs);
        return true;
    }

    private static TaskCompletionSource NewTcs() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
