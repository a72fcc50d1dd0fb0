using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using River.Database.Queries;
using River.Execution;
using River.Insertion;

namespace River.Diagnostics;

/// <summary>
/// The one <see cref="ActivitySource"/> and one <see cref="Meter"/> of River.Typed and the call sites' helpers.
/// Every helper is a cheap no-op while nobody listens (<see cref="ActivitySource.HasListeners"/>,
/// <see cref="Instrument.Enabled"/>). Observable instruments read the started clients registered here.
/// </summary>
internal static class RiverTelemetry
{
    private static readonly string? Version = typeof(RiverTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(RiverDiagnostics.ActivitySourceName, Version);
    public static readonly Meter Meter = new(RiverDiagnostics.MeterName, Version);

    private static readonly ConcurrentDictionary<RiverClient, QueueDepthSampler> Clients = new();
    private static readonly ConcurrentDictionary<RiverClient, FlowSampler> FlowClients = new();

    private static readonly Counter<long> InsertedCounter = Meter.CreateCounter<long>(RiverDiagnostics.InstrumentJobsInserted, "{job}", "Jobs inserted.");
    private static readonly Counter<long> WorkedCounter = Meter.CreateCounter<long>(RiverDiagnostics.InstrumentJobsWorked, "{job}", "Job attempts finished, by the state they left the job in.");
    private static readonly Counter<long> FailedCounter = Meter.CreateCounter<long>(RiverDiagnostics.InstrumentJobsFailed, "{job}", "Job attempts that ended in an error.");
    private static readonly Histogram<double> WaitHistogram = Meter.CreateHistogram<double>(RiverDiagnostics.InstrumentQueueWait, "s", "Time from a job being due to its attempt starting.");
    private static readonly Histogram<double> RunHistogram = Meter.CreateHistogram<double>(RiverDiagnostics.InstrumentRunDuration, "s", "Time a worker ran.");
    private static readonly Counter<long> MaintenanceCounter = Meter.CreateCounter<long>(RiverDiagnostics.InstrumentMaintenanceJobs, "{job}", "Jobs changed by the leader's maintenance services.");
    private static readonly Counter<long> FenceRefusedCounter = Meter.CreateCounter<long>(RiverDiagnostics.InstrumentFenceRefused, "{write}", "Leader-only writes refused by the leader fence.");
    private static readonly Counter<long> ClientEventsCounter = Meter.CreateCounter<long>(RiverDiagnostics.InstrumentClientEvents, "{event}", "Client registry events: joined, left, declared_dead.");
    private static readonly Counter<long> RescuedCounter = Meter.CreateCounter<long>(RiverDiagnostics.InstrumentJobsRescued, "{job}", "Running jobs rescued by the leader, by cause: heartbeat, takeover, horizon.");
    private static readonly Histogram<double> BatchHistogram = Meter.CreateHistogram<double>(RiverDiagnostics.InstrumentCompleterBatchDuration, "s", "Time to write one completer batch.");

    /// <summary>The queue depth gauge; its <see cref="Instrument.Enabled"/> turns the database sampling on.</summary>
    public static readonly ObservableUpDownCounter<long> QueueDepth = Meter.CreateObservableUpDownCounter(
        RiverDiagnostics.InstrumentQueueDepth, ObserveQueueDepth, "{job}", "Available jobs per queue (sampled).");

    private static readonly ObservableUpDownCounter<long> RunningGauge = Meter.CreateObservableUpDownCounter(
        RiverDiagnostics.InstrumentQueueRunning, ObserveRunning, "{job}", "Jobs running in this process per queue.");

    private static readonly ObservableUpDownCounter<long> BacklogGauge = Meter.CreateObservableUpDownCounter(
        RiverDiagnostics.InstrumentCompleterBacklog, ObserveBacklog, "{job}", "Job outcomes waiting to be written.");

    private static readonly ObservableUpDownCounter<long> FlowRunningGauge = Meter.CreateObservableUpDownCounter(
        RiverDiagnostics.InstrumentFlowRunning, () => ObserveLimits(static l => l.Running), "{job}", "Jobs running in each flow limit's scope, across clients (sampled).");

    private static readonly ObservableUpDownCounter<long> FlowWaitingGauge = Meter.CreateObservableUpDownCounter(
        RiverDiagnostics.InstrumentFlowWaiting, () => ObserveLimits(static l => l.Waiting), "{job}", "Available jobs in each flow limit's scope (sampled).");

    private static readonly ObservableGauge<long> FlowMaxRunningGauge = Meter.CreateObservableGauge(
        RiverDiagnostics.InstrumentFlowMaxRunning, () => ObserveLimits(static l => l.Limits.MaxRunning), "{job}", "Each concurrency limit's MaxRunning (sampled).");

    private static readonly ObservableGauge<double> FlowTokensGauge = Meter.CreateObservableGauge(
        RiverDiagnostics.InstrumentFlowTokens, ObserveTokens, "{token}", "Fewest tokens left in a rate limit's buckets (sampled).");

    private static readonly ObservableUpDownCounter<long> SequencesActiveGauge = Meter.CreateObservableUpDownCounter(
        RiverDiagnostics.InstrumentSequencesActive, () => ObserveSequences(static s => s.Active), "{sequence}", "Sequences with a job not finalized, per queue (sampled).");

    private static readonly ObservableUpDownCounter<long> SequencesWaitingGauge = Meter.CreateObservableUpDownCounter(
        RiverDiagnostics.InstrumentSequencesWaiting, () => ObserveSequences(static s => s.Waiting), "{job}", "Jobs waiting behind their sequence's holder, per queue (sampled).");

    /// <summary>Whether a listener observes one of the flow gauges: turns the <see cref="FlowSampler"/>'s database sampling on.</summary>
    public static bool FlowObserved => FlowRunningGauge.Enabled || FlowWaitingGauge.Enabled || FlowMaxRunningGauge.Enabled
                                       || FlowTokensGauge.Enabled || SequencesActiveGauge.Enabled || SequencesWaitingGauge.Enabled;

    /// <summary>Adds a started client to the observable instruments.</summary>
    public static void Register(RiverClient client, QueueDepthSampler sampler, FlowSampler flow)
    {
        Clients[client] = sampler;
        FlowClients[client] = flow;
    }

    /// <summary>Removes a stopped client from the observable instruments.</summary>
    public static void Unregister(RiverClient client)
    {
        Clients.TryRemove(client, out _);
        FlowClients.TryRemove(client, out _);
    }

    /// <summary>Starts the <c>insert {queue}</c> activity for one insert call, or returns null when nobody listens.</summary>
    public static Activity? StartInsert(IReadOnlyList<PreparedInsert> jobs)
    {
        if (!Source.HasListeners() || jobs.Count == 0)
        {
            return null;
        }
        var queue = jobs[0].Queue;
        for (var i = 1; i < jobs.Count; i++)
        {
            if (!string.Equals(jobs[i].Queue, queue, StringComparison.Ordinal))
            {
                queue = null;
                break;
            }
        }
        var activity = Source.StartActivity(queue is null ? "insert" : "insert " + queue, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.MessagingSystem, TelemetryTags.MessagingSystemValue);
            activity.SetTag(TelemetryTags.OperationType, "send");
            activity.SetTag(TelemetryTags.OperationName, "insert");
            if (queue is not null)
            {
                activity.SetTag(TelemetryTags.Destination, queue);
            }
            if (jobs.Count == 1)
            {
                activity.SetTag(TelemetryTags.Kind, jobs[0].Kind);
            }
            else
            {
                activity.SetTag(TelemetryTags.BatchCount, jobs.Count);
            }
        }
        return activity;
    }

    /// <summary>Records inserted jobs (skips duplicates of unique jobs) and the ids on a single-job activity.</summary>
    public static void Inserted(Activity? activity, IReadOnlyList<InsertResult> results)
    {
        if (activity is { IsAllDataRequested: true } && results.Count == 1)
        {
            activity.SetTag(TelemetryTags.MessageId, results[0].Job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (!InsertedCounter.Enabled)
        {
            return;
        }
        foreach (var result in results)
        {
            if (!result.UniqueSkippedAsDuplicate)
            {
                InsertedCounter.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Destination, result.Job.Queue),
                    new KeyValuePair<string, object?>(TelemetryTags.Kind, result.Job.Kind));
            }
        }
    }

    /// <summary>Records jobs written by the bulk (COPY) path.</summary>
    public static void Copied(IReadOnlyList<PreparedInsert> jobs)
    {
        if (!InsertedCounter.Enabled)
        {
            return;
        }
        foreach (var job in jobs)
        {
            InsertedCounter.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Destination, job.Queue),
                new KeyValuePair<string, object?>(TelemetryTags.Kind, job.Kind));
        }
    }

    private static readonly Counter<long> ScheduleCounter = Meter.CreateCounter<long>(RiverDiagnostics.InstrumentScheduleChanges, "{change}", "Changes made to durable schedules.");

    /// <summary>Counts one change of a durable schedule made through a management call.</summary>
    public static void ScheduleChanged(string clientId, string action)
    {
        if (ScheduleCounter.Enabled)
        {
            ScheduleCounter.Add(1, new KeyValuePair<string, object?>(TelemetryTags.ScheduleAction, action),
                new KeyValuePair<string, object?>(TelemetryTags.ClientId, clientId));
        }
    }
    /// <summary>Counts one client registry event (<c>joined</c>, <c>left</c>, <c>declared_dead</c>).</summary>
    public static void ClientEvent(string clientId, string @event) =>
        ClientEventsCounter.Add(1, new KeyValuePair<string, object?>(TelemetryTags.ClientId, clientId),
            new KeyValuePair<string, object?>(TelemetryTags.ClientEvent, @event));

    /// <summary>Counts <paramref name="count"/> jobs rescued by leader <paramref name="clientId"/> (nothing when zero or unobserved).</summary>
    public static void JobsRescued(string clientId, RescueCause cause, JobState state, long count)
    {
        if (count > 0 && RescuedCounter.Enabled)
        {
            RescuedCounter.Add(count, new KeyValuePair<string, object?>(TelemetryTags.RescueCause, CauseTag(cause)),
                new KeyValuePair<string, object?>(TelemetryTags.State, JobStateNames.ToDb(state)),
                new KeyValuePair<string, object?>(TelemetryTags.ClientId, clientId));
        }
    }

    private static string CauseTag(RescueCause cause) => cause switch
    {
        RescueCause.Heartbeat => "heartbeat",
        RescueCause.Takeover => "takeover",
        _ => "horizon",
    };

    /// <summary>Counts one write refused by the leader fence.</summary>
    public static void FenceRefused(string clientId, string service) =>
        FenceRefusedCounter.Add(1, new KeyValuePair<string, object?>(TelemetryTags.MaintenanceService, service),
            new KeyValuePair<string, object?>(TelemetryTags.ClientId, clientId));

    /// <summary>Counts <paramref name="count"/> jobs changed by a maintenance service (nothing when zero or unobserved).</summary>
    public static void MaintenanceChanged(string clientId, string service, string action, long count)
    {
        if (count > 0 && MaintenanceCounter.Enabled)
        {
            MaintenanceCounter.Add(count, new KeyValuePair<string, object?>(TelemetryTags.MaintenanceService, service),
                new KeyValuePair<string, object?>(TelemetryTags.MaintenanceAction, action),
                new KeyValuePair<string, object?>(TelemetryTags.ClientId, clientId));
        }
    }

    /// <summary>Starts the <c>work {queue}</c> activity of one attempt and records its queue wait.</summary>
    public static Activity? StartWork(JobRow row, DateTimeOffset now)
    {
        if (WaitHistogram.Enabled)
        {
            var started = row.AttemptedAt ?? now;
            var waited = Math.Max(0, (started - row.ScheduledAt).TotalSeconds);
            WaitHistogram.Record(waited, new KeyValuePair<string, object?>(TelemetryTags.Destination, row.Queue),
                new KeyValuePair<string, object?>(TelemetryTags.Kind, row.Kind));
        }
        if (!Source.HasListeners())
        {
            return null;
        }
        // The attempt joins the trace of the insert when the job carries one (a child of the insert activity).
        var activity = TraceContextMetadata.TryRead(row.Metadata, out var inserted)
            ? Source.StartActivity("work " + row.Queue, ActivityKind.Consumer, inserted)
            : Source.StartActivity("work " + row.Queue, ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.MessagingSystem, TelemetryTags.MessagingSystemValue);
            activity.SetTag(TelemetryTags.OperationType, "process");
            activity.SetTag(TelemetryTags.OperationName, "work");
            activity.SetTag(TelemetryTags.Destination, row.Queue);
            activity.SetTag(TelemetryTags.MessageId, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag(TelemetryTags.Kind, row.Kind);
            activity.SetTag(TelemetryTags.Attempt, row.Attempt);
        }
        return activity;
    }

    /// <summary>
    /// Starts the one <c>work {queue}</c> activity of a batch worker's call (tagged with its first job and the batch
    /// size; the jobs' own outcomes go to the counters through <see cref="Worked"/>) and records every job's queue wait.
    /// </summary>
    public static Activity? StartBatchWork(JobRow[] rows, DateTimeOffset now)
    {
        for (var i = 1; i < rows.Length && WaitHistogram.Enabled; i++)
        {
            var waited = Math.Max(0, ((rows[i].AttemptedAt ?? now) - rows[i].ScheduledAt).TotalSeconds);
            WaitHistogram.Record(waited, new KeyValuePair<string, object?>(TelemetryTags.Destination, rows[i].Queue),
                new KeyValuePair<string, object?>(TelemetryTags.Kind, rows[i].Kind));
        }
        var activity = StartWork(rows[0], now);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.BatchCount, rows.Length);
        }
        return activity;
    }

    /// <summary>Ends an attempt: the outcome on the activity, the worked/failed counters and the run duration.</summary>
    public static void Worked(Activity? activity, JobRow row, JobCompletion completion, Exception? error, TimeSpan elapsed)
    {
        var state = completion.Snoozed ? "snoozed" : JobStateNames.ToDb(completion.State);
        var failed = error is not null and not JobSnoozeException and not JobCancelException;
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.State, state);
            if (failed)
            {
                activity.SetTag(TelemetryTags.ErrorType, error!.GetType().FullName);
                activity.SetStatus(ActivityStatusCode.Error, error.Message);
            }
        }
        var queue = new KeyValuePair<string, object?>(TelemetryTags.Destination, row.Queue);
        var kind = new KeyValuePair<string, object?>(TelemetryTags.Kind, row.Kind);
        var stateTag = new KeyValuePair<string, object?>(TelemetryTags.State, state);
        if (WorkedCounter.Enabled)
        {
            WorkedCounter.Add(1, queue, kind, stateTag);
        }
        if (failed && FailedCounter.Enabled)
        {
            FailedCounter.Add(1, queue, kind, new KeyValuePair<string, object?>(TelemetryTags.ErrorType, error!.GetType().FullName));
        }
        if (RunHistogram.Enabled)
        {
            RunHistogram.Record(elapsed.TotalSeconds, queue, kind, stateTag);
        }
    }

    /// <summary>Starts the <c>complete</c> activity of one completer batch.</summary>
    public static Activity? StartCompleterBatch(int count)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var activity = Source.StartActivity("complete", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.MessagingSystem, TelemetryTags.MessagingSystemValue);
            activity.SetTag(TelemetryTags.OperationType, "settle");
            activity.SetTag(TelemetryTags.OperationName, "complete");
            activity.SetTag(TelemetryTags.BatchCount, count);
        }
        return activity;
    }

    /// <summary>Records the duration of a written completer batch.</summary>
    public static void CompleterBatchWritten(TimeSpan elapsed)
    {
        if (BatchHistogram.Enabled)
        {
            BatchHistogram.Record(elapsed.TotalSeconds);
        }
    }

    private static IEnumerable<Measurement<long>> ObserveQueueDepth()
    {
        foreach (var sampler in Clients.Values)
        {
            foreach (var (queue, count) in sampler.Latest)
            {
                yield return new Measurement<long>(count, new KeyValuePair<string, object?>(TelemetryTags.Destination, queue));
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveRunning()
    {
        foreach (var client in Clients.Keys)
        {
            var id = new KeyValuePair<string, object?>(TelemetryTags.ClientId, client.ClientId);
            foreach (var producer in client.Producers.Values)
            {
                yield return new Measurement<long>(producer.RunningCount, new KeyValuePair<string, object?>(TelemetryTags.Destination, producer.Queue), id);
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveLimits(Func<FlowLimitInfo, long?> value)
    {
        foreach (var sampler in FlowClients.Values)
        {
            foreach (var limit in sampler.Latest.Limits)
            {
                if (value(limit) is { } v)
                {
                    yield return new Measurement<long>(v, new KeyValuePair<string, object?>(TelemetryTags.FlowScope, limit.Scope.Id));
                }
            }
        }
    }

    private static IEnumerable<Measurement<double>> ObserveTokens()
    {
        foreach (var sampler in FlowClients.Values)
        {
            foreach (var limit in sampler.Latest.Limits)
            {
                if (limit.TokensLeft is { } tokens)
                {
                    yield return new Measurement<double>(tokens, new KeyValuePair<string, object?>(TelemetryTags.FlowScope, limit.Scope.Id));
                }
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveSequences(Func<SequenceCounts, long> value)
    {
        foreach (var sampler in FlowClients.Values)
        {
            foreach (var counts in sampler.Latest.Sequences)
            {
                yield return new Measurement<long>(value(counts), new KeyValuePair<string, object?>(TelemetryTags.Destination, counts.Queue));
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveBacklog()
    {
        foreach (var client in Clients.Keys)
        {
            yield return new Measurement<long>(client.CompleterBacklog, new KeyValuePair<string, object?>(TelemetryTags.ClientId, client.ClientId));
        }
    }
}
