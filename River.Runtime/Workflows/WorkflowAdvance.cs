using Npgsql;
using River.Database.Queries;

namespace River.Workflows;

/// <summary>
/// Advances workflows after some of their tasks changed state: the three statements of <see cref="WorkflowSql"/>
/// (lock, advance, finish) appended to the batch that wrote the change, so the release of ready dependents commits
/// or rolls back with the completion itself (no polling, no lost wake-up when a client dies between the two).
/// </summary>
internal static class WorkflowAdvance
{
    /// <summary>How many result sets <see cref="AddTo"/> adds to a batch.</summary>
    public const int ResultSets = 3;

    /// <summary>Appends the lock, advance and finish statements for the tasks <paramref name="ids"/> to <paramref name="batch"/>.</summary>
    public static void AddTo(NpgsqlBatch batch, SchemaSql sql, long[] ids)
    {
        var lockCommand = new NpgsqlBatchCommand(sql.Workflows.AdvanceLock);
        lockCommand.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
        batch.BatchCommands.Add(lockCommand);
        var advance = new NpgsqlBatchCommand(sql.Workflows.Advance);
        advance.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
        advance.Parameters.Add(new NpgsqlParameter<string>("channel", sql.InsertChannel));
        batch.BatchCommands.Add(advance);
        var finish = new NpgsqlBatchCommand(sql.Workflows.Finish);
        finish.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
        batch.BatchCommands.Add(finish);
    }

    /// <summary>
    /// Reads the three result sets of <see cref="AddTo"/>, the reader positioned on the first of them (the lock's);
    /// returns the ids of the tasks released or cancelled and the workflows that finished.
    /// </summary>
    public static async Task<WorkflowAdvanceResult> ReadAsync(NpgsqlDataReader reader)
    {
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            // the lock's count
        }
        await reader.NextResultAsync().ConfigureAwait(false);
        var changed = new List<long>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var id = reader.GetInt64(0);
            if (id != 0)
            {
                changed.Add(id);
            }
        }
        await reader.NextResultAsync().ConfigureAwait(false);
        var finished = new List<(string Id, string Name)>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            finished.Add((reader.GetString(0), reader.GetString(1)));
        }
        return new WorkflowAdvanceResult(changed, finished);
    }

    /// <summary>Runs the three statements on their own (inside <paramref name="transaction"/> when given): after a workflow-level cancel.</summary>
    public static async Task<WorkflowAdvanceResult> RunAsync(SchemaSql sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, long[] ids,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddTo(batch, sql, ids);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAsync(reader).ConfigureAwait(false);
    }
}

/// <summary>What one advance did.</summary>
/// <param name="Changed">Tasks released (to available or scheduled) or cancelled by a failed dependency.</param>
/// <param name="Finished">Workflows whose last task reached a final state.</param>
internal sealed record WorkflowAdvanceResult(IReadOnlyList<long> Changed, IReadOnlyList<(string Id, string Name)> Finished)
{
    /// <summary>Publishes one <see cref="RiverEventKind.WorkflowFinished"/> per finished workflow (call after the commit).</summary>
    public static void PublishFinished(Events.EventHub? events, IReadOnlyList<(string Id, string Name)> finished)
    {
        if (finished.Count == 0 || events is not { HasSubscribers: true })
        {
            return;
        }
        foreach (var (id, name) in finished)
        {
            events.Publish(new RiverEvent(RiverEventKind.WorkflowFinished, null, null, "") { WorkflowId = id, WorkflowName = name });
        }
    }
}
