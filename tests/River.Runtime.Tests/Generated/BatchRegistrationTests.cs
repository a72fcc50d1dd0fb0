using Microsoft.Extensions.DependencyInjection;
using River.Generated;

namespace River.Runtime.Tests.Generated;

/// <summary>The generated registration of batch workers: AddBatchWorker with the [BatchSize] settings, factories like single workers'.</summary>
public sealed class BatchRegistrationTests
{
    [Fact]
    public void Batch_workers_are_registered_with_their_batch_size_and_window()
    {
        var builder = new FakeRiverBuilder();
        RiverRuntimeTestsJobRegistry.AddTo(builder);

        Assert.Equal([typeof(BulkMail), typeof(BulkWrite)], builder.BatchWorkers.Keys.OrderBy(t => t.Name));
        Assert.DoesNotContain(typeof(BulkMail), builder.Workers.Keys);
        Assert.DoesNotContain("test.bulk_mail", builder.Jobs.Select(j => j.Kind));

        var mail = builder.BatchWorkers[typeof(BulkMail)];
        Assert.Same(JobDefinition.For<BulkMail>(), mail.Definition);
        Assert.NotNull(mail.Options);
        Assert.Equal(50, mail.Options!.MaxSize);
        Assert.Equal(TimeSpan.FromMilliseconds(20), mail.Options.CollectionWindow);
        Assert.Null(builder.BatchWorkers[typeof(BulkWrite)].Options); // no [BatchSize]: the runtime's defaults
    }

    [Fact]
    public void Batch_worker_factories_resolve_constructor_dependencies()
    {
        var builder = new FakeRiverBuilder();
        RiverRuntimeTestsJobRegistry.AddTo(builder);
        var clock = new FixedClock(DateTimeOffset.UnixEpoch);
        using var services = new ServiceCollection().AddSingleton<IClock>(clock).BuildServiceProvider();

        var worker = Assert.IsType<BulkMailWorker>(builder.CreateBatch<BulkMail>(services));
        Assert.Same(clock, worker.Clock);
    }

    [Fact]
    public void A_kind_takes_either_a_worker_or_a_batch_worker()
    {
        var workers = new RiverWorkers();
        workers.AddBatch(JobDefinition.For<BulkMail>(), _ => new BulkMailWorker(new FixedClock(DateTimeOffset.UnixEpoch)));
        var second = Assert.Throws<InvalidOperationException>(() => workers.AddBatch(JobDefinition.For<BulkMail>(), _ => new BulkMailWorker(new FixedClock(DateTimeOffset.UnixEpoch))));
        Assert.Contains("already has a worker", second.Message, StringComparison.Ordinal);

        workers.Add(JobDefinition.For<Scalars>(), sp => new ScalarsWorker(new FixedClock(DateTimeOffset.UnixEpoch), sp));
        var mixed = Assert.Throws<InvalidOperationException>(() => workers.AddBatch(JobDefinition.For<Scalars>(), _ => new ScalarsBatchWorker()));
        Assert.Contains("either a Worker<T> or a BatchWorker<T>", mixed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(1001, 0)]
    [InlineData(10, -1)]
    [InlineData(10, 60_001)]
    public void Out_of_range_batch_settings_are_refused_with_the_rule(int maxSize, int windowMs)
    {
        var workers = new RiverWorkers();
        var options = new BatchWorkerOptions { MaxSize = maxSize, CollectionWindow = TimeSpan.FromMilliseconds(windowMs) };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => workers.AddBatch(JobDefinition.For<BulkWrite>(), _ => new BulkWriteWorker(), options));
        Assert.Contains("test.bulk_write", e.Message, StringComparison.Ordinal);
        Assert.Contains(maxSize is < 1 or > 1000 ? BatchRules.MaxSizeRule : BatchRules.CollectionWindowRule, e.Message, StringComparison.Ordinal);
    }

    /// <summary>A batch worker of a kind that already has a single worker (registered by hand, not generated: the analyzers would report it).</summary>
#pragma warning disable RIVER0031 // registered by hand in the test, not by the generated code
    private sealed class ScalarsBatchWorker : BatchWorker<Scalars>
#pragma warning restore RIVER0031
    {
        public override Task WorkAsync(JobBatch<Scalars> batch, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
