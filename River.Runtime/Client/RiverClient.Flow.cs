using Npgsql;
using River.Database.Queries;
using River.Flow;

namespace River;

// Flow control: the client's declarations written at start, and the management of limits and sequences at run time.
// Producers read a queue's rules once per poll interval (QueueProducer.FlowLimited), so a change made here is in
// effect in every client within one poll interval; the limits themselves are enforced by the fetch statement.
public sealed partial class RiverClient
{
    /// <summary>
    /// Observes <see cref="OutcomesWritten"/>: once outcomes are committed, the slots (and sequence heads) they held are
    /// free in the database, so this client's limited producers fetch again at once instead of at their next poll. The
    /// wake when a job ends (<see cref="Execution.QueueProducer"/>) comes before the completer's write, when the fetch
    /// still counts the job as running. One loop over the producers per write, not per job; none for unlimited queues.
    /// </summary>
    private void WakeLimitedProducers()
    {
        foreach (var producer in _producers.Values)
        {
            if (producer.FlowLimited)
            {
                producer.Wake();
            }
        }
    }

    private async Task UpsertDeclaredFlowAsync(CancellationToken cancellationToken)
    {
        var rows = _flow.Rows;
        if (rows.Count == 0)
        {
            return;
        }
        await using var cmd = _dataSource.CreateCommand(_sql.Flow.UpsertDeclared);
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("ids", rows.Select(r => r.Id).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("queues", rows.Select(r => r.Queue).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("kinds", rows.Select(r => r.Kind).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("partitions", rows.Select(r => r.PartitionJson).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<int?[]>("max_running", rows.Select(r => r.MaxRunning).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<int?[]>("rate_counts", rows.Select(r => r.RateCount).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<double?[]>("rate_ms", rows.Select(r => r.RateMs).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<int?[]>("rate_bursts", rows.Select(r => r.RateBurst).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<bool[]>("sequenced", rows.Select(r => r.Sequenced).ToArray()));
        try
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new RiverStartupException(
                $"This client declares {rows.Count} flow rule(s) (concurrency limits, rate limits, sequenced queues), stored in migration line 'typed' "
                + $"(table river_typed_flow_limit), but the table does not exist in schema '{_options.Schema}': run `river migrate-up` or RiverMigrator.MigrateUpAllLinesAsync.", e);
        }
    }

    /// <summary>Lists every queue's and kind's flow limits with the jobs they hold now, by id.</summary>
    public async Task<IReadOnlyList<FlowLimitInfo>> ListFlowLimitsAsync(CancellationToken cancellationToken = default)
        => await ReadLimitsAsync(null, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads one queue's or kind's flow limits, or <see langword="null"/> when it has none.</summary>
    public async Task<FlowLimitInfo?> GetFlowLimitAsync(FlowScope scope, CancellationToken cancellationToken = default)
        => (await ReadLimitsAsync(scope.Id, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// Replaces a queue's or kind's limits at run time (an operator's change: kept across client starts until
    /// <see cref="ResetFlowLimitAsync"/>). Every client's fetch applies it within one poll interval.
    /// </summary>
    /// <param name="scope">The queue or kind.</param>
    /// <param name="limits">The new limits; a value left unset removes that limit.</param>
    /// <param name="sequenced">Queues only: whether its fetch keeps sequences in order (null: unchanged).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="RiverConfigurationException">A limit is invalid (below 1, a period outside 1 ms – 31 days, a partition on a queue).</exception>
    public async Task<FlowLimitInfo> SetFlowLimitAsync(FlowScope scope, FlowOptions limits, bool? sequenced = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (scope.Id is "queue:" or "kind:")
        {
            throw new ArgumentException("Make the scope with FlowScope.ForQueue or FlowScope.ForKind.", nameof(scope));
        }
        if (scope.Queue is { } queue && FlowRules.ValidateQueueHasNoPartition(queue, limits.PartitionBy) is { } error)
        {
            throw new RiverConfigurationException([error]);
        }
        if (scope.Kind is not null && sequenced is not null)
        {
            throw new ArgumentException("Only a queue is sequenced (a kind's sequence is its [Sequence] attribute).", nameof(sequenced));
        }
        var row = FlowDeclarations.Row(scope.Id, scope.Queue, scope.Kind, limits, $"The flow limits of {scope.Id}")
                  ?? new FlowRuleRow(scope.Id, scope.Queue, scope.Kind, null, null, null, null, null, false);
        await using (var cmd = _dataSource.CreateCommand(_sql.Flow.Set))
        {
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", row.Id));
            cmd.Parameters.Add(new NpgsqlParameter<string?>("queue", row.Queue));
            cmd.Parameters.Add(new NpgsqlParameter<string?>("kind", row.Kind));
            cmd.Parameters.Add(new NpgsqlParameter<string?>("partition", row.PartitionJson));
            cmd.Parameters.Add(new NpgsqlParameter<int?>("max_running", row.MaxRunning));
            cmd.Parameters.Add(new NpgsqlParameter<int?>("rate_count", row.RateCount));
            cmd.Parameters.Add(new NpgsqlParameter<double?>("rate_ms", row.RateMs));
            cmd.Parameters.Add(new NpgsqlParameter<int?>("rate_burst", row.RateBurst));
            cmd.Parameters.Add(new NpgsqlParameter<bool?>("sequenced", sequenced));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return (await GetFlowLimitAsync(scope, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Undoes an operator's change: the limits go back to what a client last declared for the scope, or are removed
    /// when none declared any. Returns whether there was a row.
    /// </summary>
    public async Task<bool> ResetFlowLimitAsync(FlowScope scope, CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand(_sql.Flow.Reset);
        cmd.Parameters.Add(new NpgsqlParameter<string>("id", scope.Id));
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }

    /// <summary>
    /// Removes a queue's or kind's limits (and its rate buckets) whoever declared them; a client declaring them writes
    /// them again when it starts. Returns whether there was a row.
    /// </summary>
    public async Task<bool> DeleteFlowLimitAsync(FlowScope scope, CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand(_sql.Flow.Delete);
        cmd.Parameters.Add(new NpgsqlParameter<string>("id", scope.Id));
        return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// Lists the sequences that have a job not finalized, by key (up to <paramref name="limit"/>, 1 to 10,000), each
    /// with the job holding it and how many wait behind; <paramref name="key"/> reads one sequence.
    /// </summary>
    public Task<IReadOnlyList<SequenceInfo>> ListSequencesAsync(int limit = FlowDefaults.SequenceListLimit, string? key = null, CancellationToken cancellationToken = default)
        => ListSequencesAsync(limit, key, null, cancellationToken);

    /// <summary>
    /// Lists one page of the sequences that have a job not finalized, by key after <paramref name="after"/> (the last key
    /// of the page before; null for the first page), up to <paramref name="limit"/> (1 to 10,000), each with the job
    /// holding it and how many wait behind; <paramref name="key"/> reads one sequence.
    /// </summary>
    public async Task<IReadOnlyList<SequenceInfo>> ListSequencesAsync(int limit, string? key, string? after, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        await using var cmd = _dataSource.CreateCommand(_sql.Flow.Sequences);
        cmd.Parameters.Add(new NpgsqlParameter<string?>("key", key));
        cmd.Parameters.Add(new NpgsqlParameter<string?>("after", after));
        cmd.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<SequenceInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SequenceInfo
            {
                Key = reader.GetString(0),
                HolderJobId = reader.GetInt64(1),
                HolderKind = reader.GetString(2),
                HolderQueue = reader.GetString(3),
                HolderState = JobStateNames.Parse(reader.GetString(4)),
                HolderAttempt = reader.GetInt16(5),
                Waiting = reader.GetInt64(6),
            });
        }
        return list;
    }

    private Task<List<FlowLimitInfo>> ReadLimitsAsync(string? id, CancellationToken cancellationToken)
        => FlowLimitReader.ReadAsync(_dataSource, _sql.Flow.List, id, cancellationToken);
}
