namespace River;

/// <summary>
/// Sets how a <see cref="BatchWorker{TArgs}"/> is fed (see <see cref="BatchWorkerOptions"/>): the most jobs per call
/// and an optional collection window. Without it a batch worker gets batches of
/// <see cref="BatchWorkerOptions.DefaultMaxSize"/> and no window. The analyzers check constant values (RIVER0060,
/// RIVER0061) and report the attribute on a class that is not a batch worker (RIVER0063).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class BatchSizeAttribute : Attribute
{
    /// <summary>Batches of at most <paramref name="maxSize"/> jobs (1 to 1,000).</summary>
    public BatchSizeAttribute(int maxSize)
    {
        MaxSize = maxSize;
    }

    /// <summary>The most jobs per call, 1 to 1,000.</summary>
    public int MaxSize { get; }

    /// <summary>How long to wait for a partial batch to fill, in milliseconds, 0 to 60,000 (default 0: no wait).</summary>
    public int CollectionWindowMilliseconds { get; set; }
}
