using System.CommandLine;
using System.Globalization;
using River.Cli.Bench;

namespace River.Cli.Commands;

/// <summary>
/// <c>river bench-dashboard</c>: server time of every dashboard page and action with N rows in <c>river_job</c>
/// (default 1,000,000), 1,000 registered clients and 10,000 durable schedules. Empties <c>river_job</c> first, like
/// <c>river bench</c>.
/// </summary>
internal static class DashboardBenchCommand
{
    /// <summary>Rows seeded when <c>--rows</c> is not given: 1,000,000.</summary>
    public const long DefaultRows = 1_000_000;

    /// <summary>Timed requests per page when <c>--iterations</c> is not given: 20.</summary>
    public const int DefaultIterations = 20;

    /// <summary>Registered clients seeded when <c>--clients</c> is not given: 1,000 (the clients page lists up to 1,000).</summary>
    public const int DefaultClients = 1_000;

    /// <summary>Durable schedules seeded when <c>--schedules</c> is not given: 10,000.</summary>
    public const int DefaultSchedules = 10_000;

    /// <summary>Workflows seeded when <c>--workflows</c> is not given: 1,000 (diamonds of four tasks).</summary>
    public const int DefaultWorkflows = 1_000;

    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        url.Description = "PostgreSQL URL or connection string of a database to bench on (its river_job table is EMPTIED); "
            + $"default: ${DatabaseTarget.EnvironmentVariable}, else a throwaway PostgreSQL.";
        var rows = new Option<long?>("--rows") { Description = $"Jobs to seed (default {DefaultRows:N0})." };
        var iterations = new Option<int?>("--iterations") { Description = $"Timed requests per page (default {DefaultIterations})." };
        var reuse = new Option<bool>("--no-seed") { Description = "Keep river_job as it is (a previous run's rows) instead of emptying and seeding it." };
        var clients = new Option<int?>("--clients") { Description = $"Registered clients to seed in line typed's registry (default {DefaultClients:N0}; replaces the bench's own rows)." };
        var schedules = new Option<int?>("--schedules") { Description = $"Durable schedules to seed (default {DefaultSchedules:N0}; replaces the bench's own rows)." };
        var workflows = new Option<int?>("--workflows") { Description = $"Workflows of four tasks to seed (default {DefaultWorkflows:N0}; replaces the bench's own rows), beside four flow limits and sequence keys on 1 in 50 waiting jobs." };
        var command = new Command("bench-dashboard", "Time every dashboard page and action with N jobs in river_job (empties river_job), many clients, schedules and workflows.")
        {
            url, rows, iterations, reuse, clients, schedules, workflows,
        };
        command.SetAction((parse, ct) => runner.RunAsync(async context =>
        {
            var n = parse.GetValue(rows) ?? DefaultRows;
            var k = parse.GetValue(iterations) ?? DefaultIterations;
            var c = parse.GetValue(clients) ?? DefaultClients;
            var m = parse.GetValue(schedules) ?? DefaultSchedules;
            var w = parse.GetValue(workflows) ?? DefaultWorkflows;
            if (n < 1 || k < 1 || c < 1 || m < 1 || w < 1 || c > 99_999 || m > 999_999 || w > 999_999)
            {
                throw new CliException("--rows, --iterations, --clients, --schedules and --workflows must be at least 1 (--clients at most 99,999, --schedules and --workflows at most 999,999).", ExitCodes.Usage);
            }
            var given = parse.GetValue(url) ?? context.GetEnvironmentVariable(DatabaseTarget.EnvironmentVariable);
            var target = string.IsNullOrWhiteSpace(given) ? null : DatabaseTarget.Resolve(given, context);
            var db = await BenchDatabase.OpenAsync(target, context.Out, ct);
            await using (db)
            {
                var seeded = parse.GetValue(reuse) ? "the jobs already there (--no-seed)" : string.Create(CultureInfo.InvariantCulture, $"{n:N0} jobs");
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"river bench-dashboard: {seeded} on {db.Endpoint}, {Environment.ProcessorCount} cores"));
                var bench = new DashboardBench(db, context.Out);
                if (!parse.GetValue(reuse))
                {
                    await bench.SeedAsync(n, ct);
                }
                await bench.SeedFleetAsync(c, m, ct);
                await bench.SeedFlowAsync(w, ct);
                var worst = await bench.MeasureAsync(k, c, m, w, ct);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest page (server median): {worst:0.0} ms"));
                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
