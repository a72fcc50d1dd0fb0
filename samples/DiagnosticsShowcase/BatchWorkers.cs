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
