using System.CommandLine;
using River.Cli.Bench;

namespace River.Cli.Commands;

/// <summary>
/// <c>river bench</c>: measures River.Typed on a real PostgreSQL. Burn-down (<c>-n N</c>), continuous
/// (<c>--duration D</c>) or latency (<c>--rate R --duration D</c>); progress every 2 s, then a summary, and with
/// <c>--json</c> the summary as one JSON object on the last line. Empties <c>river_job</c> first.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        url.Description = "PostgreSQL URL or connection string of a database to bench on (its river_job table is EMPTIED); "
            + $"default: ${DatabaseTarget.EnvironmentVariable}, else a throwaway PostgreSQL with durable settings.";
        var jobs = new Option<long?>("-n", "--jobs") { Description = $"Burn-down: insert this many no-op jobs in bulk, then work them all (default mode, {BenchSettings.DefaultJobs:N0} jobs)." };
        var duration = new Option<string?>("--duration") { Description = "Continuous mode (alone) or latency mode (with --rate): how long, e.g. 30s, 2m." };
        var rate = new Option<double?>("--rate") { Description = "Latency mode: single-job inserts per second, one transaction each." };
        var workers = new Option<int?>("--workers") { Description = $"Worker slots of the bench queue (default {BenchSettings.DefaultWorkers})." };
        var cooldown = new Option<double?>("--fetch-cooldown-ms") { Description = $"The client's fetch cooldown (default {BenchSettings.DefaultFetchCooldown.TotalMilliseconds} ms)." };
        var queues = new Option<int?>("--queues") { Description = "Spread the jobs over this many queues (bench_000…), the workers split between them (default 1: queue default)." };
        var processes = new Option<int?>("--processes") { Description = "Burn-down: work with this many worker processes on the same database (default 1: this process)." };
        var preloadFinalized = new Option<long?>("--preload-finalized") { Description = "Add this many completed jobs (finalized over the last 23 h) before the run: an aged table." };
        var preloadScheduled = new Option<long?>("--preload-scheduled") { Description = "Add this many jobs scheduled a day ahead before the run." };
        var charts = new Option<string?>("--charts") { Description = "Write the run's charts (throughput over time, latency distribution) as SVG files into this directory." };
        var noRegistry = new Option<bool>("--no-registry") { Description = "Run the bench's clients without the client registry and heartbeats (RiverClientOptions.RegisterClient = false), to compare with the default; single-process runs." };
        var deleteCompleted = new Option<bool>("--delete-completed") { Description = "Work in delete-on-completion mode (RiverClientOptions.DeleteCompletedJobs): completed jobs are deleted, not kept." };
        var kindLimit = new Option<int?>("--kind-limit") { Description = "Give the bench kind a global concurrency limit of this many running jobs (flow control), e.g. one that does not bind." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Burn-down: work the jobs with a batch worker of this many jobs per call (1 to 1000) instead of the single-job worker." };
        var workflow = new Option<int?>("--workflow") { Description = "Burn-down: after the plain burn-down, work as many jobs again inserted as workflows of this many tasks (2 to 10000; a root, N-2 tasks after it, a sink after those) and report tasks/s beside jobs/s." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on the last line." };
        var compareSql = new Option<string?>("--compare-sql") { Description = "Path of the pure-SQL reference script (benchmarks/sql-reference/sql-limit.sh in the repository): run it on the same server first and report the ratio." };
        var command = new Command("bench", "Benchmark inserting and working no-op jobs (empties river_job).")
        {
            url, jobs, duration, rate, workers, cooldown, queues, processes, preloadFinalized, preloadScheduled, charts, deleteCompleted, noRegistry, kindLimit, batchSize, workflow, json, compareSql,
        };
        command.SetAction((parse, ct) => runner.RunAsync(async context =>
        {
            var settings = BenchSettings.Create(parse.GetValue(jobs), parse.GetValue(duration), parse.GetValue(rate),
                parse.GetValue(workers), parse.GetValue(cooldown), parse.GetValue(json), parse.GetValue(compareSql))
                .WithScenario(parse.GetValue(queues), parse.GetValue(processes), parse.GetValue(preloadFinalized),
                    parse.GetValue(preloadScheduled), parse.GetValue(charts), parse.GetValue(deleteCompleted))
                with { NoRegistry = parse.GetValue(noRegistry), KindLimit = parse.GetValue(kindLimit) };
            settings = settings.WithBatchSize(parse.GetValue(batchSize)).WithWorkflow(parse.GetValue(workflow));
            var given = parse.GetValue(url) ?? context.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable);
            var target = string.IsNullOrWhiteSpace(given) ? null : DatabaseTarget.Resolve(given, context);
            var db = await BenchDatabase.OpenAsync(target, context.Out, ct);
            await using (db)
            {
                context.Out.WriteLine($"river bench: {BenchSummary.ModeName(settings.Mode)}{(settings.DeleteCompleted ? " (delete on completion)" : "")}{(settings.BatchSize is { } size ? $" (batch worker, {size} jobs per call)" : "")}{(settings.WorkflowSize is { } tasks ? $", then as workflows of {tasks} tasks" : "")} on {db.Endpoint}, {Environment.ProcessorCount} cores");
                var summary = await new BenchRunner(settings, db, context.Out).RunAsync(ct);
                context.Out.Write(summary.ToText());
                if (settings.Json)
                {
                    context.Out.WriteLine(summary.ToJson());
                }
                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
