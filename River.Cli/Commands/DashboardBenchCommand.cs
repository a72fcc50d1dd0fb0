using System.CommandLine;
using System.Globalization;
using River.Cli.Bench;

namespace River.Cli.Commands;

/// <summary>
/// <c>river bench-dashboard</c>: server time of every dashboard page and action with N rows in <c>river_job</c>
/// (default 1,000,000). Empties <c>river_job</c> first, like <c>river bench</c>.
/// </summary>
internal static class DashboardBenchCommand
{
    /// <summary>Rows seeded when <c>--rows</c> is not given: 1,000,000.</summary>
    public const long DefaultRows = 1_000_000;

    /// <summary>Timed requests per page when <c>--iterations</c> is not given: 20.</summary>
    public const int DefaultIterations = 20;

    public static Command Create(CliRunner runner)
    {
        var url = CommonOptions.DatabaseUrl();
        url.Description = "PostgreSQL URL or connection string of a database to bench on (its river_job table is EMPTIED); "
            + $"default: ${DatabaseTarget.EnvironmentVariable}, else a throwaway PostgreSQL.";
        var rows = new Option<long?>("--rows") { Description = $"Jobs to seed (default {DefaultRows:N0})." };
        var iterations = new Option<int?>("--iterations") { Description = $"Timed requests per page (default {DefaultIterations})." };
        var reuse = new Option<bool>("--no-seed") { Description = "Keep river_job as it is (a previous run's rows) instead of emptying and seeding it." };
        var command = new Command("bench-dashboard", "Time every dashboard page and action with N jobs in river_job (empties river_job).") { url, rows, iterations, reuse };
        command.SetAction((parse, ct) => runner.RunAsync(async context =>
        {
            var n = parse.GetValue(rows) ?? DefaultRows;
            var k = parse.GetValue(iterations) ?? DefaultIterations;
            if (n < 1 || k < 1)
            {
                throw new CliException("--rows and --iterations must be at least 1.", ExitCodes.Usage);
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
                var worst = await bench.MeasureAsync(k, ct);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest page (server median): {worst:0.0} ms"));
                return ExitCodes.Ok;
            }
        }, ct));
        return command;
    }
}
