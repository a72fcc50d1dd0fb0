using System.Collections.Concurrent;
using River.Diagnostics;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Notifications;

/// <summary>
/// The pickup path without thread hops: an insert notification wakes the producer on the notifier's receive thread
/// and the first fetched job runs on the fetch's thread. The producers here poll once a day, so every job must be
/// picked up through its notification: a lost wake-up leaves a job waiting and the test times out.
/// </summary>
public sealed class PickupWakeTests : RuntimeTestBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private async Task<(RiverClient Worker, RiverClient Inserter, CountingWorker Counter)> StartAsync(int expected, int workers)
    {
        var counter = new CountingWorker(expected);
        var worker = NewClient(o =>
        {
            o.Queues.Add("default", workers);
            o.Workers.Add(Defs.Noop, _ => counter);
            o.FetchPollInterval = TimeSpan.FromDays(1);
            o.FetchCooldown = TimeSpan.Zero;
        });
        worker.Notifier!.StateChanged.Init();
        await worker.StartAsync();
        await worker.Notifier.StateChanged.WaitForAsync(s => s == NotifierState.Listening, Timeout);
        // Another client inserts (no queues of its own): only the notification can wake the worker's producer.
        var inserter = NewClient(o => o.Workers.Add(Defs.Noop, _ => counter));
        return (worker, inserter, counter);
    }

    [Fact]
    public async Task Single_inserts_from_another_client_are_each_picked_up_by_their_own_notification()
    {
        const int jobs = 20;
        var (worker, inserter, counter) = await StartAsync(jobs, workers: 10);
        var traced = new ConcurrentDictionary<long, PickupStages>();
        worker.Producers["default"].PickupTraced = (id, stages) => traced[id] = stages;
        for (var i = 0; i < jobs; i++)
        {
            var written = WaitForOutcomesAsync(worker, 1); // counts the writes from now on
            var inserted = await inserter.InsertAsync(new NoopArgs(i));
            await written.WaitAsync(Timeout);
            var stages = traced[inserted.Job.Id];
            // Woken by its notification, through the router, in path order.
            Assert.NotEqual(0, stages.Notified);
            Assert.True(stages.Notified <= stages.Routed && stages.Routed <= stages.Woken && stages.Woken <= stages.FetchStarted
                && stages.FetchStarted <= stages.FetchReturned && stages.FetchReturned <= stages.Dispatched, $"stages out of order: {stages}");
        }
        await counter.AllDone.WaitAsync(Timeout);
        Assert.All(counter.RunsById.Values, runs => Assert.Equal(1, runs));
    }

    [Fact]
    public async Task Concurrent_single_inserts_lose_no_wake_up_and_run_each_job_once()
    {
        const int jobs = 400;
        var (worker, inserter, counter) = await StartAsync(jobs, workers: 7); // fewer slots than jobs: fetches fill up and refill
        var written = WaitForOutcomesAsync(worker, jobs);
        // Bursts of concurrent one-job transactions: notifications arrive while fetches are under way, while jobs run
        // inline on the fetch's thread, and while the loop is between sleeps.
        for (var burst = 0; burst < jobs / 50; burst++)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => inserter.InsertAsync(new NoopArgs(burst * 50 + i))));
        }
        await counter.AllDone.WaitAsync(Timeout);
        await written;
        Assert.Equal(jobs, counter.RunsById.Count);
        Assert.All(counter.RunsById.Values, runs => Assert.Equal(1, runs));
        Assert.Equal(jobs, await CountAsync("state = 'completed' AND attempt = 1"));
    }
}
