namespace River.Insertion;

/// <summary>One job, resolved and validated, ready for the insert statement.</summary>
internal sealed record PreparedInsert(
    string Kind,
    ReadOnlyMemory<byte> EncodedArgs,
    int MaxAttempts,
    string Metadata,
    int Priority,
    string Queue,
    DateTimeOffset? ScheduledAt,
    JobState State,
    string TagsJoined,
    byte[]? UniqueKey,
    byte? UniqueStates);
