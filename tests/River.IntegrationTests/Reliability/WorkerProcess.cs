using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace River.IntegrationTests.Reliability;

/// <summary>
/// One running River.TestWorker process. Collects every stdout/stderr line; <see cref="Started"/> completes on
/// its "@@ started" line. Disposing kills it if it still runs.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Signal)> _waiters = [];

    private WorkerProcess(Process process, string clientId)
    {
        _process = process;
        ClientId = clientId;
    }

    public string ClientId { get; }

    public int Pid => _process.Id;

    public IReadOnlyCollection<string> Lines => _lines;

    public Task Started => _started.Task;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Lines the logger wrote at Error or Critical level (the simple console formatter writes
    /// "<c>HH:mm:ss.fff fail: …</c>" / "<c>crit: …</c>"), and anything on stderr (unhandled exceptions).
    /// </summary>
    public IEnumerable<string> ErrorLines => _lines.Where(l => HasLevel(l, "fail") || HasLevel(l, "crit") || l.StartsWith("err ", StringComparison.Ordinal));

    /// <summary>Lines the logger wrote at Warning level.</summary>
    public IEnumerable<string> WarningLines => _lines.Where(l => HasLevel(l, "warn"));

    /// <summary>True for a Warning, Error or Critical log line.</summary>
    public static bool IsWarningOrAbove(string line) => HasLevel(line, "warn") || HasLevel(line, "fail") || HasLevel(line, "crit");

    private static bool HasLevel(string line, string level)
    {
        // Optional "HH:mm:ss.fff " timestamp, then "<level>: ".
        var at = line.Length > 13 && line[2] == ':' && line[12] == ' ' ? 13 : 0;
        return line.AsSpan(at).StartsWith(level + ": ", StringComparison.Ordinal);
    }

    public static async Task<WorkerProcess> StartAsync(string databaseUrl, string clientId, params string[] settings)
    {
        var dll = await WorkerProgram.GetPathAsync();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--client-id");
        info.ArgumentList.Add(clientId);
        foreach (var s in settings)
        {
            info.ArgumentList.Add(s);
        }
        // The URL goes by environment, not argv, so it (and a password in it) is not visible in the process list.
        info.Environment["RTW_DATABASE_URL"] = databaseUrl;
        info.Environment["DOTNET_gcServer"] = "0";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, clientId);
        var open = 2;
        void OnData(string? data, string prefix)
        {
            if (data is null)
            {
                if (Interlocked.Decrement(ref open) == 0)
                {
                    worker._outputClosed.TrySetResult();
                }
                return;
            }
            worker.OnLine(prefix + data);
        }
        process.OutputDataReceived += (_, e) => OnData(e.Data, "");
        process.ErrorDataReceived += (_, e) => OnData(e.Data, "err ");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Starts a worker and waits for its "@@ started" line (fails with its output when it exits first).</summary>
    public static async Task<WorkerProcess> StartedAsync(string databaseUrl, string clientId, params string[] settings)
    {
        var worker = await StartAsync(databaseUrl, clientId, settings);
        var exited = worker._process.WaitForExitAsync();
        var first = await Task.WhenAny(worker.Started, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != worker.Started)
        {
            await worker.DisposeAsync();
            throw new InvalidOperationException($"Worker {clientId} did not start:\n{worker.Output()}");
        }
        return worker;
    }

    /// <summary>The number of lines received so far (to wait for lines after a moment).</summary>
    public int LineCount => _lines.Count;

    /// <summary>Completes on the first line matching <paramref name="match"/> among the lines after the first <paramref name="skip"/>.</summary>
    public Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_lines.Skip(skip).Any(match))
            {
                return Task.CompletedTask;
            }
            _waiters.Add((match, signal));
        }
        return signal.Task.WaitAsync(timeout);
    }

    /// <summary>kill -9.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM (what systemd, Kubernetes and docker stop send) and returns at once.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Waits for the process to exit (and its output to be read) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        await _outputClosed.Task.WaitAsync(timeout);
        return _process.ExitCode;
    }

    public string Output() => string.Join('\n', _lines);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private void OnLine(string line)
    {
        _lines.Enqueue(line);
        if (line.StartsWith("@@ started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
        lock (_waiters)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
