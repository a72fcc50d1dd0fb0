using River;

namespace AotApp;

/// <summary>Resizes an image (here: computes a checksum of the name); goes to the "media" queue.</summary>
[JobArgs("aot.resize_image", Queue = "media", MaxAttempts = 3)]
public sealed record ResizeImage(string Path, int Width, int Height);

/// <summary>Sends a receipt; fails its first attempt to show a retry under NativeAOT.</summary>
[JobArgs("aot.send_receipt")]
public sealed record SendReceipt(long OrderId, string Email, IReadOnlyList<string> Lines);

/// <summary>Works <see cref="ResizeImage"/> jobs and records the result as the job's output.</summary>
public sealed class ResizeImageWorker(Progress progress) : Worker<ResizeImage>
{
    public override Task WorkAsync(Job<ResizeImage> job, CancellationToken cancellationToken)
    {
        var checksum = 0u;
        foreach (var c in job.Args.Path)
        {
            checksum = (checksum * 31) + c;
        }
        job.RecordOutput($"{{\"checksum\":{checksum},\"size\":\"{job.Args.Width}x{job.Args.Height}\"}}");
        progress.Done($"job {job.Id} {job.Kind}: {job.Args.Path} -> {job.Args.Width}x{job.Args.Height}");
        return Task.CompletedTask;
    }
}

/// <summary>Works <see cref="SendReceipt"/> jobs; the first attempt throws.</summary>
public sealed class SendReceiptWorker(Progress progress) : Worker<SendReceipt>
{
    public override Task WorkAsync(Job<SendReceipt> job, CancellationToken cancellationToken)
    {
        if (job.Attempt == 1)
        {
            throw new InvalidOperationException("the mail relay is down (on purpose)");
        }
        progress.Done($"job {job.Id} {job.Kind}: receipt for order {job.Args.OrderId} ({job.Args.Lines.Count} lines) to {job.Args.Email}, attempt {job.Attempt}");
        return Task.CompletedTask;
    }
}

/// <summary>Counts finished jobs and completes when all expected ones are done.</summary>
public sealed class Progress(int expected)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = expected;

    public Task AllDone => _all.Task;

    public void Done(string line)
    {
        Console.WriteLine("  worked | " + line);
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _all.TrySetResult();
        }
    }
}
