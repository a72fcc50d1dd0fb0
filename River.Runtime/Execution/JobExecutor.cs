using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using River.Diagnostics;
using River.Logging;

namespace River.Execution;

/// <summary>
/// Works one fetched job: finds its worker, runs the attempt in a DI scope with one cancellation token
/// (timeout, hard stop, remote cancel) and turns the result into a <see cref="JobCompletion"/>:
/// success → completed (with output); <see cref="JobSnoozeException"/> → available/scheduled again without
/// using the attempt; <see cref="JobCancelException"/> → cancelled; any other error → retryable (or straight
/// back to available when the retry is due within the scheduler interval), or discarded when attempts are
/// used up. An unknown kind or unreadable args is an error on the job, never a crash.
/// </summary>
internal sealed class JobExecutor
{
    private static readonly JsonWriterOptions ErrorWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly IServiceProvider EmptyServices = new EmptyServiceProvider();

    private readonly RiverWorkers _workers;
    private readonly IServiceProvider? _services;
    private readonly IRetryPolicy _retryPolicy;
    private readonly IRetryPolicy _defaultRetryPolicy;
    private readonly TimeProvider _time;
    private readonly TimeSpan _jobTimeout;
    private readonly TimeSpan _schedulerInterval;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IWorkerMiddleware> _middleware;
    private readonly IReadOnlyList<IRiverHook> _hooks;

    public JobExecutor(RiverWorkers workers, IServiceProvider? services, IRetryPolicy? retryPolicy, TimeProvider time,
        TimeSpan jobTimeout, TimeSpan schedulerInterval, ILogger logger,
        IReadOnlyList<IWorkerMiddleware>? middleware = null, IReadOnlyList<IRiverHook>? hooks = null)
    {
        _middleware = middleware ?? [];
        _hooks = hooks ?? [];
        _workers = workers;
        _services = services;
        _defaultRetryPolicy = new DefaultRetryPolicy();
        _retryPolicy = retryPolicy ?? _defaultRetryPolicy;
        _time = time;
        _jobTimeout = jobTimeout;
        _schedulerInterval = schedulerInterval;
        _logger = logger;
    }

    /// <summary>
    /// The executor of a client: its workers, services, retry policy, clock, job timeout, middleware and hooks, and
    /// its scheduler interval (<see cref="MaintenanceOptions.SchedulerInterval"/>) as the "due soon" threshold under
    /// which a retry or snooze goes straight back to <c>available</c> instead of waiting for the scheduler.
    /// </summary>
    public static JobExecutor ForClient(RiverClientOptions options, ILogger logger) =>
        new(options.Workers, options.Services, options.RetryPolicy, options.TimeProvider, options.JobTimeout,
            options.Maintenance.SchedulerInterval, logger, [.. options.WorkerMiddleware], [.. options.Hooks]);

    /// <summary>The registrations of the client's batch workers (see <see cref="BatchCollector"/>).</summary>
    public IEnumerable<WorkerRegistration> BatchWorkers => _workers.BatchWorkers;

    /// <summary>Works <paramref name="row"/> once with a cancellation source of its own, cancelled when <paramref name="cancellationToken"/> is.</summary>
    public async Task<JobCompletion> ExecuteAsync(JobRow row, CancellationToken cancellationToken)
    {
        using var cancellation = new AttemptCancellation();
        using var registration = cancellationToken.UnsafeRegister(static state => ((AttemptCancellation)state!).CancelByRequest(), cancellation);
        return await ExecuteAsync(row, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Works <paramref name="row"/> once. <paramref name="cancellation"/> is the attempt's source: the caller cancels it
    /// on stop or remote cancel; the attempt arms the worker's timeout on it. Never throws for a failing job.
    /// </summary>
    /// <remarks>
    /// A value task from a pooled builder: a job that completes synchronously (the common case for short jobs) allocates
    /// no task at all, and one that suspends reuses a state machine box.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<JobCompletion> ExecuteAsync(JobRow row, AttemptCancellation cancellation)
    {
        var startedAt = _time.GetUtcNow();
        using var activity = RiverTelemetry.StartWork(row, startedAt); // telemetry (River.Runtime/Diagnostics)
        var started = _time.GetTimestamp();
        AttemptResult result;
        if (!_workers.TryGetWorker(row.Kind, out var registration))
        {
            RiverLog.UnknownKind(_logger, row.Id, row.Kind);
            result = AttemptResult.Failed(new UnknownJobKindException(row.Kind), timedOut: false, nextRetry: null);
        }
        else
        {
            var context = new AttemptContext(_jobTimeout, cancellation, _middleware, _hooks);
            try
            {
                if (_services is null)
                {
                    result = await registration!.RunAsync(row, EmptyServices, context).ConfigureAwait(false);
                }
                else
                {
                    var scope = _services.CreateAsyncScope();
                    await using (scope.ConfigureAwait(false))
                    {
                        result = await registration!.RunAsync(row, scope.ServiceProvider, context).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e)
            {
                // RunAsync catches worker exceptions itself; this guards against failures of the plumbing around it
                // (creating or disposing the scope included).
                result = AttemptResult.Failed(e, timedOut: false, nextRetry: null);
            }
        }
        var queueWait = row.AttemptedAt is { } attemptedAt && attemptedAt > row.ScheduledAt ? attemptedAt - row.ScheduledAt : TimeSpan.Zero;
        var completion = ToCompletion(row, result, cancellation.CancelledByRequest) with { StartedAt = startedAt, FinishedAt = _time.GetUtcNow(), QueueWait = queueWait, WorkflowTask = Workflows.WorkflowMetadata.IsTask(row.Metadata) };
        RiverTelemetry.Worked(activity, row, completion, result.Error, _time.GetElapsedTime(started)); // telemetry
        return completion;
    }

    /// <summary>
    /// Works <paramref name="rows"/>, jobs of one batch kind, in one call of its <see cref="BatchWorker{TArgs}"/> (one DI
    /// scope, one worker instance) and returns one completion per row, in order, each made by the same rules as a
    /// single job's (<see cref="ToCompletion"/>). <paramref name="jobs"/> are the jobs' own sources (remote cancel);
    /// <paramref name="call"/> is the call's (timeout, hard stop). Never throws for failing jobs.
    /// </summary>
    public async Task<JobCompletion[]> ExecuteBatchAsync(WorkerRegistration registration, JobRow[] rows, AttemptCancellation[] jobs, AttemptCancellation call)
    {
        var startedAt = _time.GetUtcNow();
        using var activity = RiverTelemetry.StartBatchWork(rows, startedAt); // telemetry (River.Runtime/Diagnostics)
        var started = _time.GetTimestamp();
        AttemptResult[] results;
        var context = new AttemptContext(_jobTimeout, call, _middleware, _hooks);
        try
        {
            if (_services is null)
            {
                results = await registration.RunBatchAsync(rows, jobs, EmptyServices, context).ConfigureAwait(false);
            }
            else
            {
                var scope = _services.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    results = await registration.RunBatchAsync(rows, jobs, scope.ServiceProvider, context).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            // The registration catches the worker's exceptions itself; this guards the plumbing around it (the scope).
            results = new AttemptResult[rows.Length];
            Array.Fill(results, AttemptResult.Failed(e, timedOut: false, nextRetry: null));
        }
        var finishedAt = _time.GetUtcNow();
        var elapsed = _time.GetElapsedTime(started);
        var completions = new JobCompletion[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var queueWait = row.AttemptedAt is { } attemptedAt && attemptedAt > row.ScheduledAt ? attemptedAt - row.ScheduledAt : TimeSpan.Zero;
            completions[i] = ToCompletion(row, results[i], jobs[i].CancelledByRequest) with { StartedAt = startedAt, FinishedAt = finishedAt, QueueWait = queueWait, WorkflowTask = Workflows.WorkflowMetadata.IsTask(row.Metadata) };
            RiverTelemetry.Worked(i == 0 ? activity : null, row, completions[i], results[i].Error, elapsed); // telemetry
        }
        return completions;
    }

    /// <param name="row">The job as fetched.</param>
    /// <param name="result">What the attempt produced.</param>
    /// <param name="cancelledByRequest">The attempt's token was cancelled by a stop or a remote cancel: a resulting
    /// <see cref="OperationCanceledException"/> is logged as a cancellation (Information), not as a failure (Warning).</param>
    internal JobCompletion ToCompletion(JobRow row, AttemptResult result, bool cancelledByRequest = false)
    {
        var now = _time.GetUtcNow();
        switch (result.Error)
        {
            case null:
                return new JobCompletion(row.Id, JobState.Completed, now, null, null, false,
                    result.Output is null ? null : "{\"output\":" + result.Output + "}");
            case JobSnoozeException snooze:
            {
                var at = now + snooze.Delay;
                var state = snooze.Delay <= _schedulerInterval ? JobState.Available : JobState.Scheduled;
                return new JobCompletion(row.Id, state, null, at, null, true, null);
            }
            case JobCancelException cancel:
                return new JobCompletion(row.Id, JobState.Cancelled, now, null, ErrorJson(now, row.Attempt, cancel), false, null);
        }

        var error = result.Error;
        if (cancelledByRequest && error is OperationCanceledException)
        {
            RiverLog.JobCancelledOnRequest(_logger, row.Id, row.Kind, row.Attempt);
        }
        else
        {
            RiverLog.JobFailed(_logger, row.Id, row.Kind, row.Attempt, error.Message);
        }
        var errorJson = ErrorJson(now, row.Attempt, error);
        if (row.Attempt >= row.MaxAttempts)
        {
            return new JobCompletion(row.Id, JobState.Discarded, now, null, errorJson, false, null);
        }

        // Policies see the row as fetched: its errors are those of earlier attempts (River's convention, so the
        // default policy's first retry waits (0 + 1)^4 = 1 s).
        var next = result.WorkerNextRetry ?? NextRetry(_retryPolicy, row, now);
        if (next <= now)
        {
            RiverLog.RetryInPast(_logger, row.Id, next);
            next = NextRetry(_defaultRetryPolicy, row, now);
        }
        var nextState = next - now <= _schedulerInterval ? JobState.Available : JobState.Retryable;
        return new JobCompletion(row.Id, nextState, null, next, errorJson, false, null);
    }

    private DateTimeOffset NextRetry(IRetryPolicy policy, JobRow row, DateTimeOffset now)
    {
        try
        {
            return policy.NextRetry(row, now);
        }
        catch (Exception)
        {
            return ReferenceEquals(policy, _defaultRetryPolicy) ? now + TimeSpan.FromSeconds(1) : _defaultRetryPolicy.NextRetry(row, now);
        }
    }

    /// <summary>One <c>errors</c> element: <c>{"at","attempt","error","trace"}</c>.</summary>
    internal static string ErrorJson(DateTimeOffset at, int attempt, Exception error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, ErrorWriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("at", at.UtcDateTime);
            w.WriteNumber("attempt", attempt);
            w.WriteString("error", Sanitize(error.GetType().Name == nameof(Exception) ? error.Message : $"{error.GetType().Name}: {error.Message}"));
            w.WriteString("trace", Sanitize(error.ToString()));
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>PostgreSQL's jsonb refuses NUL characters; replace them so the error itself can be stored.</summary>
    private static string Sanitize(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : text;

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
