using System.Collections.Concurrent;

namespace River.Dashboard.Tests;

[JobArgs("dash.email", Queue = "mail", Tags = ["email"])]
public sealed record EmailArgs(string To, int AccountId);

[JobArgs("dash.report")]
public sealed record ReportArgs(string Name);

/// <summary>Runs until its token fires; tests await <see cref="Started"/> and <see cref="TokenFired"/>.</summary>
[JobArgs("dash.block", Queue = "blocking")]
public sealed record BlockArgs(string Name);

public sealed class BlockWorker : Worker<BlockArgs>
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _fired = new();

    public override TimeSpan? Timeout => System.Threading.Timeout.InfiniteTimeSpan;

    public Task Started(long id) => _started.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public Task TokenFired(long id) => _fired.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public override async Task WorkAsync(Job<BlockArgs> job, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _fired.GetOrAdd(job.Id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult());
        _started.GetOrAdd(job.Id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
    }
}
