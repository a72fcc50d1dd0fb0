namespace River;

/// <summary>What one attempt of a worker produced (internal to the executor).</summary>
internal sealed class AttemptResult
{
    private static readonly AttemptResult SucceededWithoutOutput = new(null, false, null, null);

    private AttemptResult(Exception? error, bool timedOut, DateTimeOffset? workerNextRetry, string? output)
    {
        Error = error;
        TimedOut = timedOut;
        WorkerNextRetry = workerNextRetry;
        Output = output;
    }

    public Exception? Error { get; }
    public bool TimedOut { get; }
    public DateTimeOffset? WorkerNextRetry { get; }
    public string? Output { get; }

    public static AttemptResult Succeeded(string? output) => output is null ? SucceededWithoutOutput : new(null, false, null, output);
    public static AttemptResult Failed(Exception error, bool timedOut, DateTimeOffset? nextRetry) => new(error, timedOut, nextRetry, null);
}

/// <summary>Per-attempt settings handed to <see cref="WorkerRegistration.RunAsync"/>.</summary>
/// <param name="DefaultTimeout">The client's job timeout.</param>
/// <param name="Cancellation">
/// The attempt's cancellation source: already cancelled on hard stop and remote cancel; the attempt arms its timeout on it.
/// </param>
/// <param name="Middleware">Client-wide worker middleware, outermost first.</param>
/// <param name="Hooks">Client-wide hooks.</param>
internal readonly record struct AttemptContext(TimeSpan DefaultTimeout, River.Execution.AttemptCancellation Cancellation,
    IReadOnlyList<IWorkerMiddleware> Middleware, IReadOnlyList<IRiverHook> Hooks);
