using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace River.Cli.Bench;

/// <summary>
/// Runs the pure-SQL reference (<c>sql-limit.sh URL JOBS 1000 2</c>: pgbench running only the fetch and
/// complete statements) on the bench's own database, so the work rate can be reported as a ratio of what the
/// server itself can do in the same run. The script empties <c>river_job</c>; the bench resets it afterwards.
/// </summary>
internal static partial class SqlLimitReference
{
    /// <summary>The batch size and client count of the reference (the target's definition).</summary>
    public const int Batch = 1_000;
    public const int Clients = 2;

    public static async Task<double> RunAsync(string script, string url, long jobs, CancellationToken cancellationToken)
    {
        if (!File.Exists(script))
        {
            throw new CliException($"--compare-sql: no script at '{script}'", ExitCodes.Usage);
        }
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { script, url, jobs.ToString(CultureInfo.InvariantCulture), Batch.ToString(CultureInfo.InvariantCulture), Clients.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }
        if (Environment.GetEnvironmentVariable("PGBIN") is null && Directory.Exists("/usr/lib/postgresql/15/bin"))
        {
            psi.Environment["PGBIN"] = "/usr/lib/postgresql/15/bin";
        }
        using var process = Process.Start(psi) ?? throw new CliException("--compare-sql: could not start bash", ExitCodes.DatabaseError);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        var match = RateLine().Match(output);
        if (process.ExitCode != 0 || !match.Success)
        {
            var detail = (error + output).Trim().ReplaceLineEndings(" ");
            throw new CliException($"--compare-sql: {Path.GetFileName(script)} failed (exit code {process.ExitCode}): {(detail.Length > 300 ? detail[..300] : detail)}", ExitCodes.DatabaseError);
        }
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"sql-limit jobs/s: ([0-9.]+)")]
    private static partial Regex RateLine();
}
