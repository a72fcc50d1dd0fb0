namespace River;

/// <summary>The result of inserting one job.</summary>
/// <param name="Job">The row as inserted — or, for a unique job that was skipped, the existing row it collided with.</param>
/// <param name="UniqueSkippedAsDuplicate">True when a unique job was not inserted because an equivalent one exists.</param>
public sealed record InsertResult(JobRow Job, bool UniqueSkippedAsDuplicate);
