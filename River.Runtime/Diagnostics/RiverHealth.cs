namespace River;

/// <summary>
/// A snapshot of one client's health for readiness/liveness probes and dashboards (see <see cref="RiverClient.GetHealth"/>).
/// Taken from in-memory state: no database round trip.
/// </summary>
/// <param name="ClientId">The client's id.</param>
/// <param name="Started">Whether the client is started (working its queues).</param>
/// <param name="IsLeader">Whether this client is the leader (runs maintenance) right now.</param>
/// <param name="Notifier">The LISTEN connection's state; <see cref="NotifierState.Stopped"/> in poll-only mode and when not started.</param>
/// <param name="PollOnly">Whether the client runs without notifications (then <paramref name="Notifier"/> is not a health signal).</param>
/// <param name="CompleterBacklog">Job outcomes waiting to be written.</param>
/// <param name="Queues">One entry per configured queue.</param>
public sealed record RiverHealth(
    string ClientId,
    bool Started,
    bool IsLeader,
    NotifierState Notifier,
    bool PollOnly,
    int CompleterBacklog,
    IReadOnlyList<RiverQueueHealth> Queues)
{
    /// <summary>
    /// True when the client is started and its notifier is connected (or the client is poll-only). A client
    /// whose notifier is reconnecting still works jobs (it polls), so treat false as "degraded", not "dead".
    /// </summary>
    public bool Healthy => Started && (PollOnly || Notifier == NotifierState.Listening);
}

/// <summary>One queue in a <see cref="RiverHealth"/> snapshot.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Running">Jobs of this queue running in this process.</param>
/// <param name="MaxWorkers">The queue's configured worker limit.</param>
/// <param name="Paused">Whether the queue is paused (as last seen by this client).</param>
public sealed record RiverQueueHealth(string Name, int Running, int MaxWorkers, bool Paused);
