using System.Diagnostics;
using System.Globalization;

namespace River.Cli.Bench;

/// <summary>
/// The worker processes of a multi-process burn-down (<c>--processes</c>): each runs <c>river bench-worker</c>
/// (<see cref="Commands.BenchWorkerCommand"/>) on the same database, prints <c>ready</c> once it works its queues and
/// then <c>written N</c> (its outcomes written so far) every <see cref="BenchWorkerProtocol.ReportInterval"/>, and stops
/// when its standard input closes, printing its totals. The database URL goes through the environment, never the
/// command line (no password in <c>ps</c>).
/// </summary>
internal sealed class BenchFleet : IAsyncDisposable
{
    private readonly List<Member> _members = [];

    private sealed class Member(Process process)
    {
        public Process Process { get; } = process;
        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long Written;
        public long Fetches;
        public string LastError = "";
    }

    /// <summary>Starts <paramref name="count"/> worker processes with the run's settings.</summary>
    public static BenchFleet Start(int count, BenchSettings settings, string connectionString)
    {
        var fleet = new BenchFleet();
        try
        {
            for (var i = 0; i < count; i++)
            {
                fleet._members.Add(StartMember(settings, connectionString));
            }
            return fleet;
        }
        catch
        {
            foreach (var m in fleet._members)
            {
                try { m.Process.Kill(); } catch (InvalidOperationException) { }
            }
            throw;
        }
    }

    /// <summary>Returns when every process works its queues; throws when one exits first or none is ready within a minute.</summary>
    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        foreach (var m in _members)
        {
            var first = await Task.WhenAny(m.Ready.Task, m.Exited.Task).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            if (first != m.Ready.Task)
            {
                throw new CliException($"a bench-worker process exited before it was ready: {m.LastError}", ExitCodes.DatabaseError);
            }
        }
    }

    /// <summary>Outcomes written by all processes so far (as last reported).</summary>
    public long Written => _members.Sum(m => Interlocked.Read(ref m.Written));

    /// <summary>Fetches of all processes (known once they have stopped).</summary>
    public long Fetches => _members.Sum(m => Interlocked.Read(ref m.Fetches));

    /// <summary>Closes every process's input (a graceful stop) and waits for them to exit with their totals.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var m in _members)
        {
            m.Process.StandardInput.Close();
        }
        await Task.WhenAll(_members.Select(m => m.Exited.Task)).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        foreach (var m in _members)
        {
            if (m.Process.ExitCode != 0)
            {
                throw new CliException($"a bench-worker process exited with code {m.Process.ExitCode}: {m.LastError}", ExitCodes.DatabaseError);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var m in _members)
        {
            if (!m.Process.HasExited)
            {
                try { m.Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
            await m.Exited.Task.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            m.Process.Dispose();
        }
    }

    private static Member StartMember(BenchSettings settings, string connectionString)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run the same river as this process: the apphost, or `dotnet river.dll`.
        var host = Environment.ProcessPath ?? throw new CliException("cannot tell which executable runs river", ExitCodes.Usage);
        psi.FileName = host;
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            psi.ArgumentList.Add(typeof(BenchFleet).Assembly.Location);
        }
        psi.ArgumentList.Add(Commands.BenchWorkerCommand.Name);
        psi.ArgumentList.Add("--workers");
        psi.ArgumentList.Add(settings.Workers.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--queues");
        psi.ArgumentList.Add(settings.Queues.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--fetch-cooldown-ms");
        psi.ArgumentList.Add(settings.FetchCooldown.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
        if (settings.DeleteCompleted)
        {
            psi.ArgumentList.Add("--delete-completed");
        }
        psi.Environment[DatabaseTarget.EnvironmentVariable] = connectionString;
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var member = new Member(process);
        process.OutputDataReceived += (_, e) => OnLine(member, e.Data);
        process.ErrorDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) { member.LastError = e.Data; } };
        process.Exited += (_, _) => { process.WaitForExit(); member.Exited.TrySetResult(); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return member;
    }

    private static void OnLine(Member member, string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line == BenchWorkerProtocol.Ready)
        {
            member.Ready.TrySetResult();
        }
        else if (BenchWorkerProtocol.TryParse(line, BenchWorkerProtocol.Written, out var written))
        {
            Interlocked.Exchange(ref member.Written, written);
        }
        else if (BenchWorkerProtocol.TryParse(line, BenchWorkerProtocol.FetchCount, out var fetches))
        {
            Interlocked.Exchange(ref member.Fetches, fetches);
        }
    }
}

/// <summary>The lines a <c>river bench-worker</c> process prints for its <see cref="BenchFleet"/>.</summary>
internal static class BenchWorkerProtocol
{
    public const string Ready = "ready";
    public const string Written = "written ";
    public const string FetchCount = "fetches ";

    /// <summary>How often a worker process reports its outcomes written.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(20);

    public static bool TryParse(string line, string prefix, out long value)
    {
        value = 0;
        return line.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(line.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
