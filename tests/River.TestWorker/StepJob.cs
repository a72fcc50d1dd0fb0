namespace River.TestWorker;

/// <summary>
/// A workflow task of the fault tests (kind <c>reliability.step</c>): writes the start of each attempt to the side
/// ledger <c>reliability_ledger</c> before working (database clock), hangs on its first <see cref="HangAttempts"/>
/// attempts (until cancelled: a process killed meanwhile leaves a start without an end), sleeps
/// <see cref="SleepMs"/> (or the process's <c>--job-ms</c> when negative), fails its first <see cref="FailAttempts"/>
/// attempts, and writes the end (with the outcome) last. The ledger proves from the database that no task started
/// before every dependency had ended.
/// </summary>
[JobArgs("reliability.step")]
public sealed record StepJob(int SleepMs = -1, int FailAttempts = 0, int HangAttempts = 0);

/// <summary>Works <see cref="StepJob"/>: ledger start, hang or sleep, ledger end, maybe fail.</summary>
internal sealed class StepJobWorker(ExecutionRecorder recorder, WorkerSettings settings) : Worker<StepJob>
{
    public override async Task WorkAsync(Job<StepJob> job, CancellationToken cancellationToken)
    {
        await recorder.RecordStepStartAsync(job.Id, job.Attempt);
        if (job.Attempt <= job.Args.HangAttempts)
        {
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
        }
        var sleep = job.Args.SleepMs >= 0 ? job.Args.SleepMs : settings.JobMs;
        if (sleep > 0)
        {
            await Task.Delay(sleep, cancellationToken);
        }
        var fail = job.Attempt <= job.Args.FailAttempts;
        await recorder.RecordStepEndAsync(job.Id, job.Attempt, fail ? "failed" : "ok");
        if (fail)
        {
            throw new InvalidOperationException($"attempt {job.Attempt} fails on purpose (fail_attempts = {job.Args.FailAttempts})");
        }
    }
}
