namespace River;

/// <summary>One client of the registry (line typed's <c>river_typed_client</c>), as <see cref="RiverClient.ListClientsAsync"/> reads it.</summary>
/// <param name="Id">The client's <see cref="RiverClientOptions.ClientId"/> (what <c>attempted_by</c> records).</param>
/// <param name="Host">The machine name of its process.</param>
/// <param name="Pid">Its process id.</param>
/// <param name="Version">The River.Typed assembly version it runs.</param>
/// <param name="StartedAt">When it registered (database time).</param>
/// <param name="HeartbeatAt">Its last heartbeat (database time).</param>
/// <param name="HeartbeatTtl">Its <see cref="RiverClientOptions.HeartbeatTtl"/>.</param>
/// <param name="Queues">The queues it works, with their worker limits (empty: insert-only).</param>
/// <param name="RunningCount">Jobs running in it at its last heartbeat (its own count).</param>
/// <param name="RunningJobs">Jobs in state running whose current attempt is its (the table's count, now).</param>
/// <param name="DeclaredDeadAt">When the leader declared it dead (its heartbeat stopped); null for a live client.</param>
public sealed record RiverClientInfo(
    string Id,
    string Host,
    int Pid,
    string Version,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    TimeSpan HeartbeatTtl,
    IReadOnlyDictionary<string, int> Queues,
    int RunningCount,
    long RunningJobs,
    DateTimeOffset? DeclaredDeadAt)
{
    /// <summary>True unless the leader declared the client dead.</summary>
    public bool IsLive => DeclaredDeadAt is null;
}

/// <summary>The answer of <see cref="RiverClient.ListClientsAsync"/>: the registered clients and the leader.</summary>
/// <param name="Clients">Live clients first (by id), then clients declared dead within the last hour (their rows are removed once their jobs are rescued and an hour passed).</param>
/// <param name="LeaderId">The client holding the leader lease now (a River Go client too), or null when none.</param>
/// <param name="LeaderTerm">The term of the last River.Typed election (line typed's <c>river_typed_fence</c>), or null before the first.</param>
/// <param name="TermLeaderId">The client that won <paramref name="LeaderTerm"/> (differs from <paramref name="LeaderId"/> when a River Go client leads now).</param>
public sealed record RiverFleet(IReadOnlyList<RiverClientInfo> Clients, string? LeaderId, long? LeaderTerm, string? TermLeaderId);
