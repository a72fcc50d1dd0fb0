namespace River.Retries;

/// <summary>
/// The delays between tries of an internal operation that failed transiently — a producer's fetch, a completer
/// write, the notifier's reconnect: doubling from <see cref="First"/> up to <see cref="Max"/>, plus up to 10 % jitter
/// so that clients which failed together (a database restart) do not retry in lockstep. Not for jobs: their retries
/// follow an <see cref="IRetryPolicy"/>.
/// </summary>
/// <param name="First">The delay after the first failure.</param>
/// <param name="Max">The longest delay, jitter included.</param>
internal readonly record struct Backoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>The delay after <paramref name="failures"/> failures in a row (1 or more; smaller counts as 1).</summary>
    public TimeSpan Delay(int failures)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ms = Math.Min(Max.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, exponent));
        ms += ms * 0.1 * Random.Shared.NextDouble();
        return TimeSpan.FromMilliseconds(Math.Min(Max.TotalMilliseconds, ms));
    }
}
