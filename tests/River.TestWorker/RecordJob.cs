namespace River.TestWorker;

/// <summary>
/// The one job kind of the test worker. It sleeps <see cref="SleepMs"/> (or the process's <c>--job-ms</c> when
/// negative), fails its first <see cref="FailAttempts"/> attempts, and records every attempt in
/// <c>reliability_execution</c>. <see cref="Payload"/> only makes the args as large as a test wants.
/// </summary>
[JobArgs("reliability.record")]
public sealed record RecordJob(int SleepMs = -1, int FailAttempts = 0, string? Payload = null);

/// <summary>Works <see cref="RecordJob"/>: sleep, record, maybe fail.</summary>
internal sealed class RecordJobWorker(ExecutionRecorder recorder, WorkerSettings settings) : Worker<RecordJob>
{
    public override async Task WorkAsync(Job<RecordJob> job, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var sleep = job.Args.SleepMs >= 0 ? job.Args.SleepMs : settings.JobMs;
        if (sleep > 0)
        {
            await Task.Delay(sleep, cancellationToken);
        }
        var fail = job.Attempt <= job.Args.FailAttempts;
        await recorder.RecordAsync(job.Id, job.Attempt, started, DateTimeOffset.UtcNow, fail ? "failed" : "ok");
        if (fail)
        {
            throw new InvalidOperationException($"attempt {job.Attempt} fails on purpose (fail_attempts = {job.Args.FailAttempts})");
        }
    }
}
