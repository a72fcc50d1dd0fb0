// Batch workers: RIVER0060 batch size out of range, RIVER0061 collection window out of range, RIVER0062 a kind with
// both a Worker<T> and a BatchWorker<T>, RIVER0063 [BatchSize] on a class that is not a batch worker.
namespace DiagnosticsShowcase.BatchWorkers;

[JobArgs("batch.size")]
public sealed record Newsletter(string To);

[BatchSize(/*!RIVER0060*/0)]
public sealed class NewsletterWorker : BatchWorker<Newsletter>
{
    public override Task WorkAsync(JobBatch<Newsletter> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}

[JobArgs("batch.window")]
public sealed record Receipt(string To);

[BatchSize(100, CollectionWindowMilliseconds = /*!RIVER0061*/120_000)]
public sealed class ReceiptWorker : BatchWorker<Receipt>
{
    public override Task WorkAsync(JobBatch<Receipt> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}

[JobArgs("batch.both")]
public sealed record Digest(string To);

public sealed class /*!RIVER0062*/DigestWorker : Worker<Digest>
{
    public override Task WorkAsync(Job<Digest> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class /*!RIVER0062*/DigestBatchWorker : BatchWorker<Digest>
{
    public override Task WorkAsync(JobBatch<Digest> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}

[JobArgs("batch.single")]
public sealed record Invoice(string To);

[/*!RIVER0063*/BatchSize(50)]
public sealed class InvoiceWorker : Worker<Invoice>
{
    public override Task WorkAsync(Job<Invoice> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

// A batch worker's Timeout and JobBatch<T>.Snooze are checked like a worker's: RIVER0044 zero timeout, RIVER0021
// negative timeout, RIVER0045 negative snooze delay.
[JobArgs("batch.timeout")]
public sealed record Reminder(string To);

public sealed class ReminderWorker : BatchWorker<Reminder>
{
    public override TimeSpan? Timeout => /*!RIVER0044*/TimeSpan.Zero;

    public override Task WorkAsync(JobBatch<Reminder> batch, CancellationToken cancellationToken)
    {
        foreach (var job in batch)
        {
            batch.Snooze(job, /*!RIVER0045*/TimeSpan.FromSeconds(-5));
        }
        return Task.CompletedTask;
    }
}

[JobArgs("batch.negative_timeout")]
public sealed record Alert(string To);

public sealed class AlertWorker : BatchWorker<Alert>
{
    public override TimeSpan? Timeout => /*!RIVER0021*/TimeSpan.FromSeconds(-30);

    public override Task WorkAsync(JobBatch<Alert> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}
