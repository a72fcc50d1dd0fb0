using River;

namespace OpenTelemetryConsole;

/// <summary>A job that takes a little while; every third one fails its first attempt.</summary>
[JobArgs("otel.crunch")]
public sealed record Crunch(int N);

/// <summary>Works <see cref="Crunch"/>; signals <see cref="Done"/> when all are finished.</summary>
public sealed class CrunchWorker(Done done) : Worker<Crunch>
{
    public override async Task WorkAsync(Job<Crunch> job, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (job.Args.N % 3 == 0 && job.Attempt == 1)
        {
            throw new InvalidOperationException($"crunch {job.Args.N} fails once");
        }
        done.One();
    }
}

/// <summary>Counts finished jobs.</summary>
public sealed class Done(int expected)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _left = expected;

    public Task All => _all.Task;

    public void One()
    {
        if (Interlocked.Decrement(ref _left) == 0)
        {
            _all.TrySetResult();
        }
    }
}
