namespace River.Execution;

/// <summary>
/// The one cancellation source of a job attempt. It is cancelled either by a request (the client's hard stop, or a
/// remote cancel of the job: <see cref="CancelByRequest"/>) or by the worker's timeout (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>,
/// armed by the attempt once the worker and its timeout are known), and it tells which of the two happened, so the
/// attempt is recorded as timed out only when the timeout fired. One source per attempt, no linked sources and no
/// registrations: the producer's per-job object derives from it (see <see cref="QueueProducer"/>).
/// </summary>
internal class AttemptCancellation : CancellationTokenSource
{
    private volatile bool _requested;

    /// <summary>True when <see cref="CancelByRequest"/> was called (the timeout did not cause the cancellation, or came second).</summary>
    public bool CancelledByRequest => _requested;

    /// <summary>Cancels the attempt because of a stop or a remote cancel. Safe after disposal (then a no-op).</summary>
    public void CancelByRequest()
    {
        _requested = true;
        try
        {
            Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt has finished and its source is gone: nothing is left to cancel.
        }
    }

    /// <summary>True when the attempt was cancelled by its timeout rather than by a request.</summary>
    public bool TimedOut => IsCancellationRequested && !_requested;

    /// <summary>
    /// Cancels a job of a batch because the batch call's own token was cancelled (timeout, hard stop): unlike
    /// <see cref="CancelByRequest"/> it does not count as a request. Safe after disposal (then a no-op).
    /// </summary>
    public void CancelWithBatch()
    {
        try
        {
            Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job's batch has finished.
        }
    }
}
