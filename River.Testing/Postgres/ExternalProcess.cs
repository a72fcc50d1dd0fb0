using System.Diagnostics;
using System.Text;

namespace River.Testing;

/// <summary>Runs a command to completion and captures its output.</summary>
internal static class ExternalProcess
{
    /// <summary>The result of a finished command.</summary>
    public readonly record struct Result(int ExitCode, string Output);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/>, stdin closed, stdout and stderr
    /// captured together. Killed (whole tree) when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start '{fileName}': {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }

        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    /// <summary>Like <see cref="RunAsync"/>, and throws when the exit code is not 0.</summary>
    /// <exception cref="InvalidOperationException">The command failed; the message holds its output.</exception>
    public static async Task<string> RunCheckedAsync(string what, string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(fileName, arguments, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"{what} failed (exit code {result.ExitCode}): {result.Output.Trim()}");
    }
}
