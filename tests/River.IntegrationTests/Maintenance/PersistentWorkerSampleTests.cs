using System.Collections.Concurrent;
using PersistentWorker;
using River.Periodic;

namespace River.IntegrationTests.Maintenance;

/// <summary>The samples/PersistentWorker pattern on a real client: one consumer at a time, a new one after it ends.</summary>
public sealed class PersistentWorkerSampleTests : MaintenanceTestBase
{
    /// <summary>Each consumer instance runs until the test ends its stream.</summary>
    private sealed class ControlledStream : IWorkStream
    {
        private int _running;

        public ConcurrentDictionary<long, TaskCompletionSource> Ends { get; } = new();
        public BlockingCollection<long> Started { get; } = [];
        public int MaxConcurrent;

        public async Task<bool> ProcessNextBatchAsync(long instanceJobId, CancellationToken cancellationToken)
        {
            var end = Ends.GetOrAdd(instanceJobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var now = Interlocked.Increment(ref _running);
            int seen;
            while ((seen = Volatile.Read(ref MaxConcurrent)) < now && Interlocked.CompareExchange(ref MaxConcurrent, now, seen) != seen)
            {
            }
            Started.Add(instanceJobId);
            try
            {
                await end.Task.WaitAsync(cancellationToken);
                return false;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    [Fact]
    public async Task Exactly_one_consumer_runs_and_a_new_one_starts_after_it_ends()
    {
        var stream = new ControlledStream();
        var client = NewClient(o =>
        {
            o.Maintenance.StartJitter = TimeSpan.Zero;
            o.Queues.Add("default", 10);
            o.Workers.Add(JobDefinition.For<StreamConsumerArgs>(), _ => new StreamConsumerWorker(stream));
            o.AddPersistentStreamConsumer(checkEvery: TimeSpan.FromSeconds(1));
        });
        var enqueuer = client.Maintenance.Get<PeriodicJobEnqueuer>()!;
        var firstInsert = enqueuer.RunFinished.NextAsync(inserted => inserted > 0, Wait);
        await client.StartAsync();

        // RunOnStart: the first consumer starts without waiting for the schedule.
        Assert.True(stream.Started.TryTake(out var first, Wait));
        // The pass that inserted it has finished (its worker can start before the pass returns): the next passes are
        // the keep-alive firings.
        Assert.Equal(1, await firstInsert);

        // Two more keep-alive firings while it runs insert nothing.
        Assert.Equal(0, await NextRunAsync(enqueuer));
        Assert.Equal(0, await NextRunAsync(enqueuer));
        Assert.Equal(1, await CountAsync("kind = 'persistent_worker.stream_consumer'"));

        // It ends; the next firing starts a successor.
        stream.Ends[first].SetResult();
        Assert.True(stream.Started.TryTake(out var second, Wait));
        Assert.NotEqual(first, second);
        Assert.Equal(JobState.Completed, (await GetAsync(client, first)).State);
        Assert.Equal(1, await CountAsync("kind = 'persistent_worker.stream_consumer' AND state <> 'completed'"));

        stream.Ends[second].SetResult();
        await client.StopAsync();
        Assert.Equal(1, stream.MaxConcurrent);
    }
}
