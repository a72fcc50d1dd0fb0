using System.Diagnostics;
using Xunit.Abstractions;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// Several processes on one queue: every job completed exactly once, no job executing on two processes at the same
/// time (intervals from reliability_execution), leadership sampled at one process at most at any moment.
/// </summary>
public sealed class FleetTests(ITestOutputHelper output) : ProcessTestBase
{
    [Fact]
    public Task Four_processes_work_2_000_jobs_once_each() => RunFleetAsync(processes: 4, jobs: 2_000, TimeSpan.FromSeconds(90));

    [Fact]
    [Trait("Category", "Slow")]
    public Task Four_processes_work_50_000_jobs_once_each() => RunFleetAsync(processes: 4, jobs: 50_000, TimeSpan.FromMinutes(6));

    private async Task RunFleetAsync(int processes, int jobs, TimeSpan timeout)
    {
        // A short lease makes leadership change hands when a leader stops renewing; 100 ms samples give many moments.
        string[] settings = ["--queues", "fleet:25", "--leader-interval-ms", "500", "--leader-ttl-ms", "2000", "--poll-ms", "200"];
        var workers = new List<WorkerProcess>();
        for (var i = 0; i < processes; i++)
        {
            workers.Add(await StartWorkerAsync($"rtw-fleet-{i}", settings));
        }
        await ReliabilityTables.InsertJobsAsync(DataSource, jobs, "fleet", sleepMs: 0);
        var clock = Stopwatch.StartNew();
        await ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state = 'completed'", jobs, timeout, Outputs);
        output.WriteLine($"{jobs} jobs on {processes} processes in {clock.Elapsed.TotalSeconds:0.0} s ({jobs / clock.Elapsed.TotalSeconds:0} jobs/s)");

        // Stop one after the other: leadership moves while the others still sample it.
        foreach (var worker in workers)
        {
            worker.Terminate();
            Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(jobs, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM reliability_execution"));
        Assert.Equal(jobs, await ReliabilityTables.CountAsync(DataSource, "SELECT count(DISTINCT job_id) FROM reliability_execution"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, ReliabilityTables.OverlappingExecutions));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state <> 'completed' OR attempt <> 1"));
        // The work was shared: every process ran some jobs.
        Assert.Equal(processes, await ReliabilityTables.CountAsync(DataSource, "SELECT count(DISTINCT client_id) FROM reliability_execution"));
        // Leadership: somebody led, and no two processes were ever sampled as leader at the same moment.
        Assert.True(await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM reliability_leadership") >= 1, Outputs());
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, ReliabilityTables.OverlappingLeadership));
        Assert.Empty(workers.SelectMany(w => w.ErrorLines));
    }
}
