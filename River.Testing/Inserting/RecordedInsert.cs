using Npgsql;

namespace River.Testing;

/// <summary>
/// One job a <see cref="RecordingRiverInserter"/> accepted: its options resolved exactly as the client resolves them
/// (per call, then the kind's <c>[JobArgs]</c> defaults, then the client's), and the row the client would have returned.
/// </summary>
/// <param name="Job">The row as the client would have inserted it (<see cref="JobRow.Id"/> counts up from 1).</param>
/// <param name="Transaction">The transaction the caller passed, or <see langword="null"/> for an insert in its own transaction.</param>
/// <param name="UniqueSkippedAsDuplicate">True when the job was unique and an earlier recorded job had the same unique key (nothing was recorded as new).</param>
public sealed record RecordedInsert(JobRow Job, NpgsqlTransaction? Transaction, bool UniqueSkippedAsDuplicate)
{
    /// <summary>The job kind.</summary>
    public string Kind => Job.Kind;

    /// <summary>Decodes the args with <typeparamref name="TArgs"/>'s generated reader.</summary>
    /// <exception cref="InvalidOperationException">The job is of another kind.</exception>
    public TArgs Args<TArgs>() where TArgs : notnull
    {
        var definition = JobDefinition.For<TArgs>();
        if (definition.Kind != Job.Kind)
        {
            throw new InvalidOperationException(
                $"The recorded job is of kind '{Job.Kind}', not '{definition.Kind}' ({typeof(TArgs).Name}); filter with RecordingRiverInserter.Inserted<{typeof(TArgs).Name}>() first.");
        }
        return definition.Deserialize(Job.EncodedArgs.Span);
    }
}
