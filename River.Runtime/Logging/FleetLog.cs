using Microsoft.Extensions.Logging;

namespace River.Logging;

/// <summary>Log messages of the fleet: leader fence, client registry, heartbeats (event ids 300–349, see <see cref="LogEventRanges"/>).</summary>
internal static partial class FleetLog
{
    [LoggerMessage(300, LogLevel.Warning, "Leader fence refused a write of {Service}: this client's term {Term} is no longer the leader term ({Detail}); stepping down")]
    public static partial void FenceRefused(ILogger logger, string service, long term, string detail);

    [LoggerMessage(301, LogLevel.Information, "Client {ClientId} leads with term {Term}")]
    public static partial void TermStarted(ILogger logger, string clientId, long term);

    [LoggerMessage(302, LogLevel.Information, "Client {ClientId} joined the registry (host {Host}, pid {Pid})")]
    public static partial void Joined(ILogger logger, string clientId, string host, int pid);

    [LoggerMessage(303, LogLevel.Information, "Client {ClientId} left the registry")]
    public static partial void Left(ILogger logger, string clientId);

    [LoggerMessage(304, LogLevel.Warning, "Heartbeat failed (retried at the next interval): {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string reason);

    [LoggerMessage(305, LogLevel.Error, "Client id {ClientId} is now held by another live process: this client's heartbeats are not recorded and its jobs may be rescued. Give each process its own ClientId")]
    public static partial void IdTaken(ILogger logger, string clientId);

    [LoggerMessage(306, LogLevel.Warning, "Declared client {DeadClientId} dead (no heartbeat seen for its TTL); rescuing its running jobs")]
    public static partial void DeclaredDead(ILogger logger, string deadClientId);

    [LoggerMessage(307, LogLevel.Information, "Rescued {Count} running jobs of dead clients ({Retryable} retryable, {Discarded} discarded, {Cancelled} cancelled)")]
    public static partial void HeartbeatRescued(ILogger logger, int count, int retryable, int discarded, int cancelled);

    [LoggerMessage(308, LogLevel.Warning, "The database is not reachable at start (attempt {Attempt}): {Reason}; retrying in {DelaySeconds:0.#} s (RiverClientOptions.WaitForDatabase; set it to zero to fail fast)")]
    public static partial void StartRetrying(ILogger logger, int attempt, string reason, double delaySeconds);

    [LoggerMessage(309, LogLevel.Warning, "Client {ClientId} took over its id from a previous process that did not stop cleanly; its {Count} running jobs are left to the leader's rescue")]
    public static partial void TookOverId(ILogger logger, string clientId, int count);

    [LoggerMessage(310, LogLevel.Warning, "ClientId {ClientId} is still held by a live-looking client (attempt {Attempt}); retrying in {DelaySeconds:0.#} s, until its heartbeat is older than its TTL")]
    public static partial void StartWaitingForId(ILogger logger, string clientId, int attempt, double delaySeconds);
}
