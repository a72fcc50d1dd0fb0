using Npgsql;
using River.Database.Queries;

namespace River.Dashboard.Queries;

/// <summary>Jobs of one state: a count, exact or estimated, and the exact counts per queue that were read.</summary>
/// <param name="State">The state.</param>
/// <param name="Count">How many jobs (exact unless <paramref name="Estimated"/>).</param>
/// <param name="Estimated">Whether <paramref name="Count"/> is the planner's estimate (more rows than the exact limit).</param>
/// <param name="ByQueue">Rows read per queue (exact when not estimated; a lower bound otherwise).</param>
internal sealed record StateCount(JobState State, long Count, bool Estimated, IReadOnlyDictionary<string, long> ByQueue);

/// <summary>One minute of the throughput chart.</summary>
internal sealed record ThroughputPoint(DateTimeOffset Minute, long Completed, long Failed);

/// <summary>The leader's lease.</summary>
internal sealed record LeaderInfo(string LeaderId, DateTimeOffset ElectedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Everything the overview shows, read together (one shared read per refresh interval, see <see cref="LiveReads"/>);
/// <paramref name="Fleet"/> is null when the client registry (migration line <c>typed</c>) is not installed.
/// </summary>
internal sealed record OverviewData(IReadOnlyList<StateCount> Counts, IReadOnlyList<ThroughputPoint> Points, bool Capped, LeaderInfo? Leader, RiverFleet? Fleet);

/// <summary>What the clients page shows: the registry (null when line <c>typed</c> is not installed) and the leader's lease.</summary>
internal sealed record ClientsData(RiverFleet? Fleet, LeaderInfo? Leader);

/// <summary>What the limits page shows: every flow limit and one page of sequences (one more than the page to know whether another follows).</summary>
internal sealed record LimitsData(IReadOnlyList<FlowLimitInfo> Limits, IReadOnlyList<SequenceInfo> Sequences);

/// <summary>The overview's reads. Every one is bounded (see <see cref="DashboardSql"/>).</summary>
internal sealed class DashboardStats(RiverClient client, int exactCountLimit)
{
    /// <summary>The throughput chart's window: the last hour.</summary>
    public static readonly TimeSpan ThroughputWindow = TimeSpan.FromHours(1);

    /// <summary>Rows per state the throughput chart reads at most: 100,000.</summary>
    public const int ThroughputRowLimit = 100_000;

    /// <summary>Clients of the registry the overview reads at most: 100 (the clients page reads up to <see cref="ClientPageLimit"/>).</summary>
    public const int OverviewClientLimit = 100;

    /// <summary>Clients the clients page lists at most: 1,000 (it says so when there are more).</summary>
    public const int ClientPageLimit = 1_000;

    private string Fill(string sql) => client.Sql.Fill(sql);

    /// <summary>The overview's reads, at the same time on their own connections (the page waits for the slowest, not the sum).</summary>
    public async Task<OverviewData> OverviewAsync(CancellationToken cancellationToken)
    {
        var counts = CountByStateAsync(cancellationToken);
        var throughput = ThroughputAsync(cancellationToken);
        var leader = LeaderAsync(cancellationToken);
        var fleet = FleetAsync(OverviewClientLimit, cancellationToken);
        await Task.WhenAll(counts, throughput, leader, fleet).ConfigureAwait(false);
        var (points, capped) = await throughput.ConfigureAwait(false);
        return new OverviewData(await counts.ConfigureAwait(false), points, capped, await leader.ConfigureAwait(false), await fleet.ConfigureAwait(false));
    }

    /// <summary>The clients page's reads, at the same time on their own connections.</summary>
    public async Task<ClientsData> ClientsAsync(CancellationToken cancellationToken)
    {
        var fleet = FleetAsync(ClientPageLimit, cancellationToken);
        var leader = LeaderAsync(cancellationToken);
        await Task.WhenAll(fleet, leader).ConfigureAwait(false);
        return new ClientsData(await fleet.ConfigureAwait(false), await leader.ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<StateCount>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var byState = Enum.GetValues<JobState>().ToDictionary(s => s, _ => new Dictionary<string, long>(StringComparer.Ordinal));
        await using var connection = await client.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var cmd = new NpgsqlCommand(Fill(DashboardSql.StateQueueCounts), connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter<int>("cap", exactCountLimit));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                byState[JobStateNames.Parse(reader.GetString(0))][reader.GetString(1)] = reader.GetInt64(2);
            }
        }
        var capped = byState.Where(p => p.Value.Values.Sum() >= exactCountLimit).Select(p => p.Key).ToList();
        var estimates = capped.Count == 0 ? null : await EstimateAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = new List<StateCount>();
        foreach (var (state, queues) in byState)
        {
            var read = queues.Values.Sum();
            if (capped.Contains(state))
            {
                var estimate = estimates!.TryGetValue(state, out var e) ? e : 0;
                result.Add(new StateCount(state, Math.Max(estimate, read), true, queues));
            }
            else
            {
                result.Add(new StateCount(state, read, false, queues));
            }
        }
        return result;
    }

    private async Task<Dictionary<JobState, long>> EstimateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var estimates = new Dictionary<JobState, long>();
        await using var cmd = new NpgsqlCommand(DashboardSql.StateEstimates, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string>("schema", client.Options.Schema));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(1))
        {
            return estimates;
        }
        var rows = reader.GetInt64(0);
        var values = reader.GetString(1).Trim('{', '}').Split(',');
        var freqs = reader.GetFieldValue<float[]>(2);
        for (var i = 0; i < values.Length && i < freqs.Length; i++)
        {
            estimates[JobStateNames.Parse(values[i])] = (long)Math.Round(rows * (double)freqs[i]);
        }
        return estimates;
    }

    /// <summary>Completed and failed jobs per minute over <see cref="ThroughputWindow"/>, oldest first, one point per minute; and whether a state hit the row limit.</summary>
    public async Task<(IReadOnlyList<ThroughputPoint> Points, bool Capped)> ThroughputAsync(CancellationToken cancellationToken)
    {
        var now = client.Options.TimeProvider.GetUtcNow();
        var end = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var start = end - ThroughputWindow + TimeSpan.FromMinutes(1);
        var completed = new Dictionary<DateTimeOffset, long>();
        var failed = new Dictionary<DateTimeOffset, long>();
        var perState = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var cmd = client.DataSource.CreateCommand(Fill(DashboardSql.Throughput)))
        {
            cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", start));
            cmd.Parameters.Add(new NpgsqlParameter<int>("cap", ThroughputRowLimit));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var state = reader.GetString(0);
                var minute = reader.GetFieldValue<DateTimeOffset>(1);
                var count = reader.GetInt64(2);
                var target = state == "completed" ? completed : failed;
                target[minute] = target.GetValueOrDefault(minute) + count;
                perState[state] = perState.GetValueOrDefault(state) + count;
            }
        }
        var points = new List<ThroughputPoint>();
        for (var minute = start; minute <= end; minute = minute.AddMinutes(1))
        {
            points.Add(new ThroughputPoint(minute, completed.GetValueOrDefault(minute), failed.GetValueOrDefault(minute)));
        }
        return (points, perState.Values.Any(v => v >= ThroughputRowLimit));
    }

    public async Task<LeaderInfo?> LeaderAsync(CancellationToken cancellationToken)
    {
        await using var cmd = client.DataSource.CreateCommand(Fill(DashboardSql.Leader));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new LeaderInfo(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;
    }

    /// <summary>
    /// The client registry of migration line <c>typed</c> (<see cref="RiverClient.ListClientsAsync"/>: live clients, then
    /// recently dead ones, up to <paramref name="limit"/>; the leader and its term), or <see langword="null"/> when that
    /// line is not installed (a database migrated by River's own tools only).
    /// </summary>
    public async Task<RiverFleet?> FleetAsync(int limit, CancellationToken cancellationToken)
    {
        try
        {
            return await client.ListClientsAsync(limit, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    /// <summary>
    /// The limits page's reads, at the same time on their own connections: every flow limit with its running and waiting
    /// jobs (<see cref="RiverClient.ListFlowLimitsAsync"/>: one row per limited queue or kind), and one page of sequences
    /// after <paramref name="after"/> (or the one of <paramref name="key"/>); <see langword="null"/> when migration line
    /// <c>typed</c> has no flow tables yet.
    /// </summary>
    public async Task<LimitsData?> LimitsAsync(int sequences, string? key, string? after, CancellationToken cancellationToken)
    {
        var limits = client.ListFlowLimitsAsync(cancellationToken);
        var page = client.ListSequencesAsync(sequences + 1, key, after, cancellationToken);
        try
        {
            await Task.WhenAll(limits, page).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
        return new LimitsData(await limits.ConfigureAwait(false), await page.ConfigureAwait(false));
    }

    /// <summary>
    /// One page of the durable schedules (<see cref="RiverClient.ListSchedulesAsync"/>, by id after <paramref name="after"/>),
    /// one more than <paramref name="limit"/> to know whether another page follows; <see langword="null"/> when migration
    /// line <c>typed</c> has no schedule table yet.
    /// </summary>
    public async Task<IReadOnlyList<ScheduleInfo>?> SchedulesAsync(int limit, string? after, CancellationToken cancellationToken)
    {
        try
        {
            return await client.ListSchedulesAsync(limit + 1, after, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }
}
