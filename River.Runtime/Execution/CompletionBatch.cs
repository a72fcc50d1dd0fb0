using Npgsql;
using NpgsqlTypes;
using River.Database.Queries;

namespace River.Execution;

/// <summary>
/// The parameter arrays of one completer write, split in two: plain completions (completed, no output, no error)
/// for <see cref="JobSql.SetCompletedIfRunning"/> and every other outcome for <see cref="JobSql.SetStatesIfRunning"/>.
/// Built once per batch; allocates only the arrays themselves.
/// </summary>
internal sealed class CompletionBatch
{
    private CompletionBatch(int plain, int other)
    {
        CompletedIds = new long[plain];
        CompletedAt = new DateTime[plain];
        Ids = new long[other];
        States = new string[other];
        FinalizedAt = new DateTime?[other];
        ScheduledAt = new DateTime?[other];
        Errors = new string?[other];
        Snoozed = new bool[other];
        Metadata = new string?[other];
    }

    public long[] CompletedIds { get; }
    public DateTime[] CompletedAt { get; }
    public long[] Ids { get; }
    public string[] States { get; }
    public DateTime?[] FinalizedAt { get; }
    public DateTime?[] ScheduledAt { get; }
    public string?[] Errors { get; }
    public bool[] Snoozed { get; }
    public string?[] Metadata { get; }

    /// <summary>
    /// Completed, no output to merge: the lean statement applies. When completed jobs are deleted
    /// (<paramref name="deleteCompleted"/>) every completion is plain (its output goes with the row) except a workflow
    /// task's: it is kept completed, since its dependents' release reads its state and output in the same write (the
    /// job cleaner removes it later).
    /// </summary>
    public static bool IsPlainCompletion(in JobCompletion c, bool deleteCompleted = false) =>
        c.State == JobState.Completed && c.FinalizedAt is not null && c.ErrorJson is null && !c.Snoozed
        && (deleteCompleted ? !c.WorkflowTask : c.MetadataPatchJson is null);

    /// <param name="batch">The outcomes.</param>
    /// <param name="lean">Whether plain completions take the lean statement; false puts every outcome in the general one.</param>
    /// <param name="deleteCompleted">Whether completed jobs are deleted (see <see cref="IsPlainCompletion"/>).</param>
    public static CompletionBatch Build(IReadOnlyList<JobCompletion> batch, bool lean = true, bool deleteCompleted = false)
    {
        var plain = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (lean && IsPlainCompletion(batch[i], deleteCompleted))
            {
                plain++;
            }
        }
        var b = new CompletionBatch(plain, batch.Count - plain);
        int p = 0, o = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var c = batch[i];
            if (lean && IsPlainCompletion(c, deleteCompleted))
            {
                b.CompletedIds[p] = c.JobId;
                b.CompletedAt[p++] = c.FinalizedAt!.Value.UtcDateTime;
                continue;
            }
            b.Ids[o] = c.JobId;
            b.States[o] = JobStateNames.ToDb(c.State);
            b.FinalizedAt[o] = c.FinalizedAt?.UtcDateTime;
            b.ScheduledAt[o] = c.ScheduledAt?.UtcDateTime;
            b.Errors[o] = c.ErrorJson;
            b.Snoozed[o] = c.Snoozed;
            b.Metadata[o++] = c.MetadataPatchJson;
        }
        return b;
    }

    /// <summary>
    /// The one or two statements of this batch, added to <paramref name="command"/>; <paramref name="general"/> is the
    /// text of the general one, <paramref name="lean"/> of the plain completions' (default: <see cref="SchemaSql.SetCompletedIfRunning"/>).
    /// </summary>
    public void AddTo(NpgsqlBatch command, SchemaSql sql, string general, string? lean = null)
    {
        if (CompletedIds.Length > 0)
        {
            var completed = new NpgsqlBatchCommand(lean ?? sql.SetCompletedIfRunning);
            completed.Parameters.Add(new NpgsqlParameter<long[]>("ids", CompletedIds));
            completed.Parameters.Add(new NpgsqlParameter<DateTime[]>("finalized_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = CompletedAt });
            command.BatchCommands.Add(completed);
        }
        if (Ids.Length > 0)
        {
            var others = new NpgsqlBatchCommand(general);
            others.Parameters.Add(new NpgsqlParameter<long[]>("ids", Ids));
            others.Parameters.Add(new NpgsqlParameter<string[]>("states", States));
            others.Parameters.Add(new NpgsqlParameter<DateTime?[]>("finalized_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = FinalizedAt });
            others.Parameters.Add(new NpgsqlParameter<DateTime?[]>("scheduled_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = ScheduledAt });
            others.Parameters.Add(new NpgsqlParameter<string?[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = Errors });
            others.Parameters.Add(new NpgsqlParameter<bool[]>("snoozed", Snoozed));
            others.Parameters.Add(new NpgsqlParameter<string?[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = Metadata });
            command.BatchCommands.Add(others);
        }
    }
}
