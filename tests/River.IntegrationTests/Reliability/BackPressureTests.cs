using System.Globalization;
using Xunit.Abstractions;

namespace River.IntegrationTests.Reliability;

/// <summary>A 1,000,000-job backlog with slow workers: the worker process only holds what it works, so its memory stays bounded.</summary>
public sealed class BackPressureTests(ITestOutputHelper output) : ProcessTestBase
{
    private const long HeapLimit = 64L * 1024 * 1024;
    private const long WorkingSetLimit = 400L * 1024 * 1024;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task A_million_job_backlog_keeps_memory_bounded()
    {
        await ReliabilityTables.InsertJobsAsync(DataSource, 1_000_000, "backlog", sleepMs: 50);
        var worker = await StartWorkerAsync("rtw-backlog", "--queues", "backlog:20", "--status-ms", "250", "--poll-ms", "200");
        await ReliabilityTables.WaitForCountAsync(DataSource, "SELECT count(*) FROM river_job WHERE state = 'completed'", 2_000, TimeSpan.FromMinutes(3), Outputs);
        // While working through the backlog, the rest stays in the table: rows in 'running' are the 20 slots plus
        // finished attempts whose outcome the completer has not written yet (bounded by its backlog).
        var running = await ReliabilityTables.CountJobsAsync(DataSource, JobState.Running);
        Assert.True(running <= 20 + RiverDefaults.CompleterMaxBacklog, $"{running} jobs running with 20 workers");
        Assert.True(await ReliabilityTables.CountJobsAsync(DataSource, JobState.Available) > 900_000);

        worker.Terminate();
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var samples = worker.Lines.Where(l => l.StartsWith("@@ status", StringComparison.Ordinal)).Select(Parse).ToList();
        Assert.True(samples.Count >= 10, worker.Output());
        var maxHeap = samples.Max(s => s.Heap);
        var maxWorkingSet = samples.Max(s => s.WorkingSet);
        output.WriteLine($"{samples.Count} samples: max managed heap {maxHeap / 1024 / 1024} MB, max working set {maxWorkingSet / 1024 / 1024} MB, {running} running rows at the check");
        Assert.True(maxHeap < HeapLimit, $"managed heap reached {maxHeap / 1024 / 1024} MB (limit {HeapLimit / 1024 / 1024} MB)");
        Assert.True(maxWorkingSet < WorkingSetLimit, $"working set reached {maxWorkingSet / 1024 / 1024} MB (limit {WorkingSetLimit / 1024 / 1024} MB)");
        Assert.Equal(0, await ReliabilityTables.CountJobsAsync(DataSource, JobState.Running));
        Assert.Empty(worker.ErrorLines);
    }

    private static (long Heap, long WorkingSet) Parse(string line)
    {
        long Field(string name)
        {
            var start = line.IndexOf(" " + name + "=", StringComparison.Ordinal) + name.Length + 2;
            var end = line.IndexOf(' ', start);
            return long.Parse(end < 0 ? line[start..] : line[start..end], CultureInfo.InvariantCulture);
        }
        return (Field("heap"), Field("ws"));
    }
}
