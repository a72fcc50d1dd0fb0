namespace River.IntegrationTests.Reliability;

/// <summary>kill -9 of a worker process with jobs running: with a short rescue horizon they are rescued, retried and completed.</summary>
public sealed class CrashTests : ProcessTestBase
{
    [Fact]
    public async Task Jobs_of_a_killed_process_are_rescued_and_completed_by_another()
    {
        const int Jobs = 10;
        // Short leadership lease and rescue horizon, so the survivor leads and rescues within seconds.
        string[] common = ["--queues", "crash:20", "--leader-interval-ms", "300", "--leader-ttl-ms", "1500",
            "--rescue-after-ms", "3000", "--rescuer-interval-ms", "300", "--scheduler-interval-ms", "300",
            "--job-timeout-ms", "2500", "--poll-ms", "200"];
        var victim = await StartWorkerAsync("rtw-victim", common);
        await ReliabilityTables.InsertJobsAsync(DataSource, Jobs, "crash", sleepMs: 2000);
        await ReliabilityTables.WaitForCountAsync(DataSource,
            "SELECT count(*) FROM river_job WHERE state = 'running' AND attempted_by[array_upper(attempted_by, 1)] = 'rtw-victim'",
            Jobs, TimeSpan.FromSeconds(30), Outputs);

        await victim.KillAsync();
        Assert.Equal(Jobs, await ReliabilityTables.CountJobsAsync(DataSource, JobState.Running));

        await StartWorkerAsync("rtw-survivor", common);
        await ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state = 'completed'",
            Jobs, TimeSpan.FromSeconds(60), Outputs);

        // Nothing lost, nothing twice: each job has exactly one successful execution, by the survivor, on attempt 2
        // (attempt 1 died with the victim and never recorded).
        Assert.Equal(Jobs, await ReliabilityTables.CountAsync(DataSource,
            "SELECT count(DISTINCT job_id) FROM reliability_execution WHERE outcome = 'ok' AND client_id = 'rtw-survivor' AND attempt = 2"));
        Assert.Equal(Jobs, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM reliability_execution"));
        Assert.Equal(0, await ReliabilityTables.CountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state <> 'completed'"));
        // The rescue is visible on the job: one error for the lost attempt.
        Assert.Equal(Jobs, await ReliabilityTables.CountAsync(DataSource,
            "SELECT count(*) FROM river_job WHERE cardinality(errors) = 1 AND attempted_by[1] = 'rtw-victim'"));
    }
}
