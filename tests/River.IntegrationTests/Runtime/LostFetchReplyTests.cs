namespace River.IntegrationTests.Runtime;

/// <summary>
/// A fetch that commits but whose reply never arrives (the connection breaks between the commit and the reply, e.g. a
/// crash right after the commit's flush) leaves its jobs running under a live client, where neither rescuer takes
/// them. The producer works them itself before its next fetch (<c>JobSql.FetchUnreceived</c>).
/// </summary>
public sealed class LostFetchReplyTests : RuntimeTestBase
{
    [Fact]
    public async Task Jobs_of_a_fetch_whose_reply_was_lost_are_worked_once_by_the_same_client()
    {
        const int jobs = 3;
        var worker = new CountingWorker(jobs);
        var client = NewClient(o => { o.Queues.Add("default", 10); o.Workers.Add(Defs.Noop, _ => worker); });
        await client.StartAsync();
        var lost = 0;
        client.Producers["default"].LoseFetchReply = () => Interlocked.Exchange(ref lost, 1) == 0; // the first fetch with rows
        var written = WaitForOutcomesAsync(client, jobs);
        await client.InsertManyAsync(Enumerable.Range(0, jobs).Select(i => JobInsertRequest.Create(new NoopArgs(i))).ToList());

        await written;
        Assert.Equal(1, lost);
        Assert.Equal(jobs, await CountAsync("state = 'completed' AND attempt = 1"));
        Assert.All(worker.RunsById.Values, runs => Assert.Equal(1, runs));
    }

    [Fact]
    public async Task A_failed_fetch_that_marked_nothing_takes_no_job_of_an_earlier_fetch()
    {
        // The job of the first fetch is still with its worker when a later fetch fails: the recovery must not run it twice.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var client = NewClient(o =>
        {
            o.Queues.Add("default", 10);
            o.Workers.Add(Defs.Noop, _ => new HeldWorker(() => Interlocked.Increment(ref runs), started, release.Task));
        });
        await client.StartAsync();
        var written = WaitForOutcomesAsync(client, 2);
        await client.InsertAsync(new NoopArgs(1));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var lost = 0;
        client.Producers["default"].LoseFetchReply = () => Interlocked.Exchange(ref lost, 1) == 0;
        await client.InsertAsync(new NoopArgs(2)); // its fetch "loses" the reply; the recovery must find only this one
        while (Volatile.Read(ref runs) < 2)
        {
            await client.Producers["default"].Fetched.NextAsync(_ => true, TimeSpan.FromSeconds(30));
        }
        release.SetResult();
        await written;
        Assert.Equal(2, Volatile.Read(ref runs));
        Assert.Equal(2, await CountAsync("state = 'completed' AND attempt = 1"));
    }
}

/// <summary>Counts its runs, reports the first job started and holds every job until <c>release</c> completes.</summary>
internal sealed class HeldWorker(Action counted, TaskCompletionSource<long> started, Task release) : Worker<NoopArgs>
{
    public override async Task WorkAsync(Job<NoopArgs> job, CancellationToken cancellationToken)
    {
        counted();
        started.TrySetResult(job.Id);
        await release.WaitAsync(cancellationToken);
    }
}
