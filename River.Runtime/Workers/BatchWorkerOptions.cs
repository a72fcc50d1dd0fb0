namespace River;

/// <summary>
/// How a <see cref="BatchWorker{TArgs}"/> is fed: the most jobs per call and how long to wait for a batch to fill.
/// The generated registration builds it from the worker's <see cref="BatchSizeAttribute"/>; hand-wired registrations
/// pass it to <see cref="RiverWorkers.AddBatch{TArgs}(JobDefinition{TArgs}, Func{IServiceProvider, BatchWorker{TArgs}}, BatchWorkerOptions?)"/>.
/// </summary>
public sealed class BatchWorkerOptions
{
    /// <summary>The batch size when none is given: 100 jobs.</summary>
    public const int DefaultMaxSize = 100;

    /// <summary>
    /// The most jobs one <see cref="BatchWorker{TArgs}.WorkAsync"/> call receives, 1 to 1,000 (default
    /// <see cref="DefaultMaxSize"/>). A batch never holds more jobs than its queue's <c>MaxWorkers</c>, since every
    /// job of a batch takes one worker slot.
    /// </summary>
    public int MaxSize { get; init; } = DefaultMaxSize;

    /// <summary>
    /// How long fetched jobs of the kind may wait for more to fill their batch, 0 to 60 s (default zero: a fetch's jobs
    /// of the kind go out at once, in batches of up to <see cref="MaxSize"/>). The window starts when the first job of
    /// a partial batch is fetched; the batch is called when it is full or when the window ends, whichever is first,
    /// and at once when the client stops. Waiting jobs are already <c>running</c> and hold their worker slots.
    /// </summary>
    public TimeSpan CollectionWindow { get; init; }

    /// <summary>The defaults: batches of 100, no collection window.</summary>
    public static BatchWorkerOptions Default { get; } = new();

    /// <summary>Throws when a setting is out of range (see <see cref="MaxSize"/>, <see cref="CollectionWindow"/>).</summary>
    /// <param name="kind">The job kind, named in the message.</param>
    internal void Validate(string kind)
    {
        var problem = BatchRules.ValidateMaxSize(MaxSize) ?? BatchRules.ValidateCollectionWindow(CollectionWindow.TotalMilliseconds);
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchWorkerOptions), $"{problem} (batch worker of kind '{kind}'). Set [BatchSize] on the worker, or BatchWorkerOptions, within the range.");
        }
    }
}
