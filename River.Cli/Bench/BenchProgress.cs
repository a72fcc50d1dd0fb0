using System.Diagnostics;

namespace River.Cli.Bench;

/// <summary>Prints one progress line every interval (from a timer) until disposed.</summary>
internal sealed class BenchProgress : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="output">Where the lines go.</param>
    /// <param name="interval">How often.</param>
    /// <param name="line">Builds a line from the time elapsed since the start.</param>
    public BenchProgress(TextWriter output, TimeSpan interval, Func<TimeSpan, string> line)
    {
        var start = Stopwatch.GetTimestamp();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    var text = line(Stopwatch.GetElapsedTime(start));
                    lock (output)
                    {
                        output.WriteLine(text);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
