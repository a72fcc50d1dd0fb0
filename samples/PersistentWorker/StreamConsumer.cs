using River;

namespace PersistentWorker;

/// <summary>
/// The one long-running consumer. Unique by kind over every state except the final ones (completed, cancelled,
/// discarded): while an instance is available, scheduled, running or waiting for a retry, inserting another is a
/// no-op, so at most one exists; once it ends, the next periodic firing inserts a fresh one.
/// </summary>
[JobArgs("persistent_worker.stream_consumer", MaxAttempts = 3)]
[UniqueJob(ByState = [JobState.Available, JobState.Pending, JobState.Retryable, JobState.Running, JobState.Scheduled])]
public sealed record StreamConsumerArgs;

/// <summary>A source of work that can end (a partition is revoked, a connection closes, a lease expires).</summary>
public interface IWorkStream
{
    /// <summary>Waits for and handles the next batch; returns false when the stream has ended.</summary>
    Task<bool> ProcessNextBatchAsync(long instanceJobId, CancellationToken cancellationToken);
}

/// <summary>Runs for as long as the stream lasts (no job timeout), then completes so a new instance can start.</summary>
public sealed class StreamConsumerWorker(IWorkStream stream) : Worker<StreamConsumerArgs>
{
    public override TimeSpan? Timeout => System.Threading.Timeout.InfiniteTimeSpan;

    public override async Task WorkAsync(Job<StreamConsumerArgs> job, CancellationToken cancellationToken)
    {
        while (await stream.ProcessNextBatchAsync(job.Id, cancellationToken))
        {
        }
    }
}

/// <summary>The pattern's wiring: a periodic job that (re)starts the consumer, at once on a first deploy.</summary>
public static class PersistentWorkerSetup
{
    /// <summary>The periodic job id (stable across deploys).</summary>
    public const string PeriodicJobId = "persistent_worker.keep_alive";

    /// <summary>
    /// Registers the keep-alive: every <paramref name="checkEvery"/> the leader tries to insert the consumer; the
    /// unique options turn that into a no-op while one exists. RunOnStart starts the first one without waiting.
    /// </summary>
    public static void AddPersistentStreamConsumer(this RiverClientOptions options, TimeSpan checkEvery) =>
        options.PeriodicJobs.Add(PeriodicJob.Create(PeriodicJobId, new IntervalSchedule(checkEvery), _ => new StreamConsumerArgs(), runOnStart: true));
}
