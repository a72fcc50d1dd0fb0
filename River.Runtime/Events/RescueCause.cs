namespace River;

/// <summary>
/// Why the leader rescued running jobs (<see cref="RiverEventKind.JobsRescued"/>; the metric
/// <see cref="RiverDiagnostics.InstrumentJobsRescued"/> tags it as <c>horizon</c>, <c>heartbeat</c> or <c>takeover</c>).
/// </summary>
public enum RescueCause
{
    /// <summary>
    /// The attempt started longer ago than <see cref="MaintenanceOptions.RescueStuckJobsAfter"/> (River's rescuer, 1 h by
    /// default) and its client is not a live registered client: a River Go client, a client with
    /// <see cref="RiverClientOptions.RegisterClient"/> off, or a client that died before the registry existed.
    /// </summary>
    Horizon = 1,

    /// <summary>The attempt's client was declared dead: its heartbeat stood still for its <see cref="RiverClientOptions.HeartbeatTtl"/>.</summary>
    Heartbeat = 2,

    /// <summary>
    /// A new process took over the attempt's <see cref="RiverClientOptions.ClientId"/> from a predecessor that did not stop
    /// cleanly (a restart with a fixed id): the predecessor's running jobs can no longer finish.
    /// </summary>
    Takeover = 3,
}
