namespace River.Cli.Bench;

/// <summary>The bench's no-op job: its sequence number lets the latency mode match a job to its insert time.</summary>
/// <param name="Seq">0-based sequence number within the run.</param>
[JobArgs(BenchJob.Kind)]
internal sealed record BenchJob(long Seq)
{
    /// <summary>The job kind (River's own bench uses a no-op kind too).</summary>
    public const string Kind = "river_bench.noop";
}

// The bench registers its workers by hand and picks one of the two per run (--batch-size): the generated registration's
// one-worker-per-kind rule does not apply to it.
#pragma warning disable RIVER0062
/// <summary>Works <see cref="BenchJob"/>s by telling the probe and returning at once (one instance shared by all jobs).</summary>
internal sealed class BenchWorker(BenchProbe probe) : Worker<BenchJob>
{
    public override Task WorkAsync(Job<BenchJob> job, CancellationToken cancellationToken)
    {
        probe.WorkStarted(job.Args.Seq);
        return Task.CompletedTask;
    }
}

/// <summary>Works <see cref="BenchJob"/>s in batches (<c>river bench --batch-size N</c>): tells the probe of each job, records no outcome (so each completes).</summary>
internal sealed class BenchBatchWorker(BenchProbe probe) : BatchWorker<BenchJob>
{
    public override Task WorkAsync(JobBatch<BenchJob> batch, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            probe.WorkStarted(batch[i].Args.Seq);
        }
        return Task.CompletedTask;
    }
}
#pragma warning restore RIVER0062
