namespace River.Diagnostics;

/// <summary>
/// Where one job's pickup spent its time, as <see cref="System.Diagnostics.Stopwatch"/> timestamps (0 when a stage
/// did not happen, e.g. a fetch woken by the poll timer has no notification): the insert notification read by the
/// notifier's connection, the router's wake of the producer, the producer's loop resuming, the fetch statement sent
/// and its rows read, and the job handed to its worker slot. The bench (<c>river bench --rate</c>) adds the insert's
/// commit before and <c>WorkAsync</c> entered after, and reports each stage's percentiles.
/// </summary>
/// <param name="Notified">The notifier's receive callback got the insert notification.</param>
/// <param name="Routed">The router asked the queue's producer to fetch.</param>
/// <param name="Woken">The producer's loop resumed from its sleep.</param>
/// <param name="FetchStarted">The fetch was about to take a connection and send its statement (after any cooldown).</param>
/// <param name="FetchReturned">The fetch's rows were read.</param>
/// <param name="Dispatched">The job was handed to its worker slot (queued to the thread pool, or run inline).</param>
internal readonly record struct PickupStages(long Notified, long Routed, long Woken, long FetchStarted, long FetchReturned, long Dispatched);
