namespace River.Runtime.Tests.Generated;

/// <summary>Worked by a batch worker with [BatchSize].</summary>
[JobArgs("test.bulk_mail")]
public sealed record BulkMail(string To);

/// <summary>Worked by a batch worker without [BatchSize] (the defaults apply).</summary>
[JobArgs("test.bulk_write")]
public sealed record BulkWrite(long Row);

[BatchSize(50, CollectionWindowMilliseconds = 20)]
public sealed class BulkMailWorker(IClock clock) : BatchWorker<BulkMail>
{
    public IClock Clock { get; } = clock;

    public override Task WorkAsync(JobBatch<BulkMail> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class BulkWriteWorker : BatchWorker<BulkWrite>
{
    public override Task WorkAsync(JobBatch<BulkWrite> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}
