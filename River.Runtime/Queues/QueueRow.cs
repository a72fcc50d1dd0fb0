namespace River;

/// <summary>
/// A row of <c>river_queue</c>: one per queue that a producer works (or worked recently). Producers create and
/// refresh their row; pausing and resuming set <see cref="PausedAt"/>. A snapshot: it does not change with the row.
/// </summary>
public sealed class QueueRow
{
    /// <summary>The queue name.</summary>
    public required string Name { get; init; }
    /// <summary>When the row was created (the first time a producer reported the queue).</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The queue's metadata object as JSON text.</summary>
    public string Metadata { get; init; } = "{}";
    /// <summary>When the queue was paused; <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? PausedAt { get; init; }
    /// <summary>When a producer last reported the queue, or it was last paused, resumed or updated.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Whether the queue is paused.</summary>
    public bool IsPaused => PausedAt is not null;
}
