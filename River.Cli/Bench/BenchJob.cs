namespace River.Cli.Bench;

/// <summary>The bench's no-op job: its sequence number lets the latency mode match a job to its insert time.</summary>
/// <param name="Seq">0-based sequence number within the run.</param>
[JobArgs(BenchJob.Kind)]
internal sealed record BenchJob(long Seq)
{
    /// <summary>The job kind (River's own bench uses a no-op kind too).</summary>
    public const string Kind = "river_bench.noop";
}

/// <summary>Works <see cref="BenchJob"/>s by telling the probe and returning at once (one instance shared by all jobs).</summary>
internal sealed class BenchWorker(BenchProbe probe) : Worker<BenchJob>
{
    public override Task WorkAsync(Job<BenchJob> job, CancellationToken cancellationToken)
    {
        probe.WorkStarted(job.Args.Seq);
        return Task.CompletedTask;
    }
}
