namespace River.IntegrationTests.Reliability;

/// <summary>SIGTERM under load: the host stops the client gracefully; running jobs finish; nothing is left running.</summary>
public sealed class GracefulShutdownTests : ProcessTestBase
{
    [Fact]
    public async Task Sigterm_lets_running_jobs_finish_and_leaves_nothing_running()
    {
        var worker = await StartWorkerAsync("rtw-sigterm", "--queues", "graceful:10", "--poll-ms", "200");
        await ReliabilityTables.InsertJobsAsync(DataSource, 500, "graceful", sleepMs: 400);
        await ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(*) FROM reliability_execution", 20, TimeSpan.FromSeconds(60), Outputs);

        var runningAtSignal = await ReliabilityTables.CountJobsAsync(DataSource, JobState.Running);
        var signalled = DateTimeOffset.UtcNow;
        worker.Terminate();
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        Assert.True(runningAtSignal > 0, "no job was running when SIGTERM was sent");
        Assert.Equal(0, await ReliabilityTables.CountJobsAsync(DataSource, JobState.Running));
        // Every job is either completed (with its one execution) or was never fetched.
        var completed = await ReliabilityTables.CountJobsAsync(DataSource, JobState.Completed);
        Assert.Equal(500, completed + await ReliabilityTables.CountJobsAsync(DataSource, JobState.Available));
        Assert.Equal(completed, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM reliability_execution WHERE outcome = 'ok'"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource,
            "SELECT count(*) FROM river_job j WHERE state = 'completed' AND NOT EXISTS (SELECT 1 FROM reliability_execution e WHERE e.job_id = j.id)"));
        // The jobs that were running at the signal ran to their end (400 ms), after it.
        Assert.True(await ReliabilityTables.CountAsync(DataSource,
            "SELECT count(*) FROM reliability_execution WHERE finished_at > $1", signalled.UtcDateTime) >= 1, worker.Output());
        Assert.Empty(worker.ErrorLines);
        Assert.Contains(worker.Lines, l => l.StartsWith("@@ stopped", StringComparison.Ordinal));
    }
}
