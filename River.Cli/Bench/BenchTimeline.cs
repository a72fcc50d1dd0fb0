using System.Diagnostics;

namespace River.Cli.Bench;

/// <summary>
/// Samples a running count (jobs whose outcome is written) every <see cref="Interval"/> from a timer until disposed:
/// the throughput-over-time series of a run's chart.
/// </summary>
internal sealed class BenchTimeline : IAsyncDisposable
{
    /// <summary>How often the count is sampled.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly List<(double Seconds, long Count)> _samples = [(0, 0)];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<long> _count;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly long _offset;

    /// <param name="count">The running count; sampled relative to its value now.</param>
    public BenchTimeline(Func<long> count)
    {
        _count = count;
        _offset = count();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    Sample();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>(seconds since the start, count since the start) pairs, oldest first, ending with the final value.</summary>
    public IReadOnlyList<(double Seconds, long Count)> Samples => _samples;

    private void Sample()
    {
        lock (_samples)
        {
            _samples.Add((Stopwatch.GetElapsedTime(_start).TotalSeconds, _count() - _offset));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Sample();
        _stop.Dispose();
    }
}
