namespace River;

/// <summary>
/// The names River.Typed publishes telemetry under, for <c>AddSource</c> / <c>AddMeter</c> in OpenTelemetry or a
/// <see cref="System.Diagnostics.ActivityListener"/> / <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// Names follow OpenTelemetry's conventions: the messaging semantic conventions where they fit
/// (<c>messaging.system</c> = <c>river</c>, <c>messaging.destination.name</c> = the queue,
/// <c>messaging.message.id</c> = the job id), <c>river.*</c> for the rest; durations in seconds.
/// </summary>
/// <remarks>
/// Activities: <c>insert {queue}</c> (producer; one per insert call, <c>messaging.batch.message_count</c> for many),
/// <c>work {queue}</c> (consumer; one per attempt, with <c>river.job.kind</c>, <c>river.job.attempt</c> and the
/// outcome in <c>river.job.state</c>), <c>complete</c> (internal; one per completer batch).
/// Instruments: see the <c>Instrument*</c> constants. Nothing is recorded unless a listener is attached.
/// </remarks>
public static class RiverDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>River</c>.</summary>
    public const string ActivitySourceName = "River";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>River</c>.</summary>
    public const string MeterName = "River";

    /// <summary>Counter of inserted jobs (duplicates of unique jobs not counted); tags: queue, kind.</summary>
    public const string InstrumentJobsInserted = "river.jobs.inserted";

    /// <summary>Counter of finished attempts; tags: queue, kind, <c>river.job.state</c> (the state the attempt left the job in).</summary>
    public const string InstrumentJobsWorked = "river.jobs.worked";

    /// <summary>Counter of attempts that ended in an error (retried or discarded); tags: queue, kind, <c>error.type</c>.</summary>
    public const string InstrumentJobsFailed = "river.jobs.failed";

    /// <summary>Histogram (s): from the time a job was due (<c>scheduled_at</c>) to the start of its attempt.</summary>
    public const string InstrumentQueueWait = "river.job.wait.duration";

    /// <summary>Histogram (s): how long the worker ran; tags: queue, kind, <c>river.job.state</c>.</summary>
    public const string InstrumentRunDuration = "river.job.run.duration";

    /// <summary>Histogram (s): how long one completer batch took to write.</summary>
    public const string InstrumentCompleterBatchDuration = "river.completer.batch.duration";

    /// <summary>
    /// Counter of jobs the leader's maintenance changed; tags: <c>river.client.id</c> (the leader),
    /// <c>river.maintenance.service</c> (<c>scheduler</c>,
    /// <c>rescuer</c>, <c>job_cleaner</c>, <c>periodic_job_enqueuer</c>) and <c>river.maintenance.action</c> (<c>made_available</c>,
    /// <c>unique_conflict_discarded</c>, <c>rescued_retryable</c>, <c>rescued_discarded</c>, <c>rescued_cancelled</c>,
    /// <c>deleted</c>; for the periodic job enqueuer <c>enqueued</c> and <c>misfire_dropped</c>: due firings its
    /// misfire policy or catch-up window dropped). A rising <c>rescuer</c> count means workers die or hang past the rescue horizon.
    /// </summary>
    public const string InstrumentMaintenanceJobs = "river.maintenance.jobs";

    /// <summary>
    /// Counter: changes made to durable schedules through this client's management calls; tag
    /// <c>river.schedule.action</c> (<c>added</c>, <c>updated</c>, <c>paused</c>, <c>resumed</c>, <c>removed</c>,
    /// <c>triggered</c>). The runs the leader enqueues are counted by <see cref="InstrumentMaintenanceJobs"/>
    /// (service <c>periodic_job_enqueuer</c>).
    /// </summary>
    public const string InstrumentScheduleChanges = "river.schedule.changes";

    /// <summary>
    /// Counter of leader-only writes the leader fence refused (the writer's term was no longer the leader term, so the
    /// statement changed nothing); tags: <c>river.client.id</c> (the deposed leader), <c>river.maintenance.service</c>.
    /// Non-zero after a failover is the fence working; a steady rise means leadership flaps.
    /// </summary>
    public const string InstrumentFenceRefused = "river.leader.fence_refused";

    /// <summary>
    /// Counter of client registry events; tags: <c>river.client.id</c> (the client the event is about) and
    /// <c>river.client.event</c>: <c>joined</c>, <c>left</c> (graceful stop) or <c>declared_dead</c> (by the leader, its
    /// heartbeat stopped). <c>joined</c> and <c>left</c> are counted by the client itself, <c>declared_dead</c> by the leader
    /// that declared it. Jobs rescued are counted by <see cref="InstrumentJobsRescued"/>.
    /// </summary>
    public const string InstrumentClientEvents = "river.client.events";

    /// <summary>
    /// Counter of running jobs the leader rescued, counted once the rescue committed; tags: <c>river.client.id</c> (the
    /// leader), <c>river.rescue.cause</c> — <c>heartbeat</c> (the job's client was declared dead), <c>takeover</c> (a new
    /// process took over the id of a crashed one) or <c>horizon</c> (the attempt outlived
    /// <see cref="MaintenanceOptions.RescueStuckJobsAfter"/>; jobs of unregistered clients such as River Go) — and
    /// <c>river.job.state</c>, the state the rescue left the job in (<c>retryable</c>, <c>discarded</c>, <c>cancelled</c>).
    /// A rising <c>horizon</c> count on a fleet of registered clients means jobs hang past the horizon on clients that
    /// are not registered; <c>heartbeat</c> counts processes dying with work in hand.
    /// </summary>
    public const string InstrumentJobsRescued = "river.jobs.rescued";

    /// <summary>Observable: available jobs per queue (sampled from the database while observed); tag: queue.</summary>
    public const string InstrumentQueueDepth = "river.queue.depth";

    /// <summary>
    /// Observable: jobs running now in the scope of each flow limit, across every client (sampled from the database every
    /// 10 s while observed; the number the limit's <c>MaxRunning</c> bounds); tag: <c>river.flow.scope</c>
    /// (<c>queue:&lt;name&gt;</c> or <c>kind:&lt;kind&gt;</c>). Every client reports the same database-wide value: aggregate
    /// across processes with max or last, not sum.
    /// </summary>
    public const string InstrumentFlowRunning = "river.flow.running";

    /// <summary>
    /// Observable: available jobs in the scope of each flow limit (held back by it, or not fetched yet), sampled like
    /// <see cref="InstrumentFlowRunning"/>; tag: <c>river.flow.scope</c>.
    /// </summary>
    public const string InstrumentFlowWaiting = "river.flow.waiting";

    /// <summary>Observable: each concurrency limit's <c>MaxRunning</c> as stored (run-time changes included), to plot beside <see cref="InstrumentFlowRunning"/>; tag: <c>river.flow.scope</c>.</summary>
    public const string InstrumentFlowMaxRunning = "river.flow.max_running";

    /// <summary>Observable: the fewest tokens left in any partition's bucket of each rate limit (0 while the rate binds); tag: <c>river.flow.scope</c>.</summary>
    public const string InstrumentFlowTokens = "river.flow.tokens";

    /// <summary>Observable: sequences with a job not finalized, per queue (sampled like <see cref="InstrumentFlowRunning"/>); tag: queue.</summary>
    public const string InstrumentSequencesActive = "river.sequence.active";

    /// <summary>Observable: jobs waiting behind their sequence's holder, per queue; tag: queue.</summary>
    public const string InstrumentSequencesWaiting = "river.sequence.waiting";

    /// <summary>Observable: jobs running in this process per queue; tags: queue, <c>river.client.id</c>.</summary>
    public const string InstrumentQueueRunning = "river.queue.running";

    /// <summary>Observable: outcomes waiting to be written by the completer; tag: <c>river.client.id</c>.</summary>
    public const string InstrumentCompleterBacklog = "river.completer.backlog";
}
