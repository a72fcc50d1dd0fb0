using System.CommandLine;
using System.Globalization;
using River.Cli.Bench;

namespace River.Cli.Commands;

/// <summary>
/// <c>river bench-worker</c> (hidden): one worker process of a multi-process burn-down, started by
/// <see cref="BenchFleet"/>. Works the bench's queues on the database in <c>DATABASE_URL</c> until its standard input
/// closes, reporting on standard output in <see cref="BenchWorkerProtocol"/>'s lines.
/// </summary>
internal static class BenchWorkerCommand
{
    public const string Name = "bench-worker";

    public static Command Create(CliRunner runner)
    {
        var workers = new Option<int>("--workers") { DefaultValueFactory = _ => BenchSettings.DefaultWorkers };
        var queues = new Option<int>("--queues") { DefaultValueFactory = _ => 1 };
        var cooldown = new Option<double>("--fetch-cooldown-ms") { DefaultValueFactory = _ => BenchSettings.DefaultFetchCooldown.TotalMilliseconds };
        var deleteCompleted = new Option<bool>("--delete-completed");
        var command = new Command(Name, "One worker process of `river bench --processes N` (started by the bench).")
        {
            workers, queues, cooldown, deleteCompleted,
        };
        command.Hidden = true;
        command.SetAction((parse, ct) => runner.RunAsync(async context =>
        {
            var settings = BenchSettings.Create(null, null, null, parse.GetValue(workers), parse.GetValue(cooldown), json: false, compareSql: null)
                .WithScenario(parse.GetValue(queues), null, null, null, null, parse.GetValue(deleteCompleted));
            var target = DatabaseTarget.Resolve(context.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable), context);
            await using var dataSource = target.CreateDataSource();
            var probe = new BenchProbe();
            var options = new RiverClientOptions
            {
                DataSource = dataSource,
                FetchCooldown = settings.FetchCooldown,
                DeleteCompletedJobs = settings.DeleteCompleted,
            };
            options.Workers.Add(new BenchWorker(probe));
            foreach (var queue in settings.QueueNames())
            {
                options.Queues.Add(queue, settings.WorkersPerQueue);
            }
            var client = new RiverClient(options);
            client.OutcomesWritten.Observe(probe.OutcomesWritten);
            await using (client.ConfigureAwait(false))
            {
                await client.StartAsync(ct).ConfigureAwait(false);
                context.Out.WriteLine(BenchWorkerProtocol.Ready);
                context.Out.Flush();
                var stdinClosed = Task.Run(() => Console.In.ReadToEnd(), CancellationToken.None);
                using var timer = new PeriodicTimer(BenchWorkerProtocol.ReportInterval);
                long reported = -1;
                while (!stdinClosed.IsCompleted)
                {
                    await Task.WhenAny(stdinClosed, timer.WaitForNextTickAsync(ct).AsTask()).ConfigureAwait(false);
                    ct.ThrowIfCancellationRequested();
                    if (probe.Completed != reported)
                    {
                        reported = probe.Completed;
                        context.Out.WriteLine(BenchWorkerProtocol.Written + reported.ToString(CultureInfo.InvariantCulture));
                        context.Out.Flush();
                    }
                }
                await client.StopAsync(ct).ConfigureAwait(false);
                context.Out.WriteLine(BenchWorkerProtocol.Written + probe.Completed.ToString(CultureInfo.InvariantCulture));
                context.Out.WriteLine(BenchWorkerProtocol.FetchCount + client.Producers.Values.Sum(p => p.FetchCount).ToString(CultureInfo.InvariantCulture));
                context.Out.Flush();
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
