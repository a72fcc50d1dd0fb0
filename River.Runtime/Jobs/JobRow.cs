namespace River;

/// <summary>
/// A row of <c>river_job</c> as read from the database, with its args still encoded. Instances are
/// snapshots: they do not change when the row does.
/// </summary>
public sealed class JobRow
{
    /// <summary>The job's id (<c>bigserial</c>).</summary>
    public required long Id { get; init; }
    /// <summary>The job's current state.</summary>
    public required JobState State { get; init; }
    /// <summary>The number of attempts started so far (incremented when a client fetches the job).</summary>
    public required int Attempt { get; init; }
    /// <summary>The maximum number of attempts before the job is discarded.</summary>
    public required int MaxAttempts { get; init; }
    /// <summary>When the latest attempt started, if any.</summary>
    public DateTimeOffset? AttemptedAt { get; init; }
    /// <summary>When the row was inserted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the job reached a final state (cancelled, completed, discarded), if it has.</summary>
    public DateTimeOffset? FinalizedAt { get; init; }
    /// <summary>When the job is (or was) due to run.</summary>
    public required DateTimeOffset ScheduledAt { get; init; }
    /// <summary>The priority, 1 (first) to 4 (last).</summary>
    public required int Priority { get; init; }
    /// <summary>The args as UTF-8 JSON, exactly as stored (jsonb normalizes whitespace and key order).</summary>
    public required ReadOnlyMemory<byte> EncodedArgs { get; init; }
    /// <summary>Ids of the clients that worked the job, one entry per attempt, oldest first.</summary>
    public IReadOnlyList<string> AttemptedBy { get; init; } = [];
    /// <summary>The errors of failed attempts, oldest first.</summary>
    public IReadOnlyList<AttemptError> Errors { get; init; } = [];
    /// <summary>The job kind.</summary>
    public required string Kind { get; init; }
    /// <summary>The metadata object as JSON text.</summary>
    public string Metadata { get; init; } = "{}";
    /// <summary>The queue name.</summary>
    public required string Queue { get; init; }
    /// <summary>The tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The 32-byte unique key, for unique jobs.</summary>
    public ReadOnlyMemory<byte>? UniqueKey { get; init; }
    /// <summary>The states in which the unique key blocks another insert, as a bit mask (see <see cref="UniqueOptions"/>).</summary>
    public byte? UniqueStates { get; init; }
}
