namespace River;

/// <summary>
/// River's default retry policy: an exponential backoff of <c>(errors + 1)⁴</c> seconds with ±10 % random
/// jitter, where <c>errors</c> is the number of errors already recorded on the job — so 1 s after the first
/// failure, 16 s after the second, 81 s after the third, 256 s, 625 s, … about 4.3 days after the 24th.
/// </summary>
/// <remarks>
/// <para>
/// The error count, not <see cref="JobRow.Attempt"/>, drives the backoff, so snoozes (which use an attempt
/// without recording an error) do not lengthen the next delay. The count is taken before the current
/// failure's error is appended, hence the <c>+ 1</c>.
/// </para>
/// <para>
/// The delay is capped at <see cref="MaxDelay"/> (about 292 years, the largest Go <c>time.Duration</c>, as
/// in River) so huge error counts cannot overflow; at the cap no jitter is applied. The result is also
/// clamped to <see cref="DateTimeOffset.MaxValue"/>.
/// </para>
/// </remarks>
public sealed class DefaultRetryPolicy : IRetryPolicy
{
    /// <summary>The exponent of the backoff: delay = (errors + 1)^<see cref="Exponent"/> seconds.</summary>
    public const double Exponent = 4;

    /// <summary>The jitter, as a fraction of the delay, applied in both directions (±10 %).</summary>
    public const double JitterFraction = 0.1;

    /// <summary>The longest delay: 2⁶³−1 nanoseconds (Go's maximum <c>time.Duration</c>), about 292 years.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromTicks(long.MaxValue / 100);

    private readonly Func<double> _randomUnit;

    /// <summary>Creates the policy with <see cref="Random.Shared"/> as the jitter source.</summary>
    public DefaultRetryPolicy()
        : this(static () => Random.Shared.NextDouble())
    {
    }

    /// <summary>Creates the policy with a given jitter source (for tests).</summary>
    /// <param name="randomUnit">
    /// Returns a number in [0, 1); 0 gives −10 %, 0.5 no jitter, values near 1 almost +10 %. Must be thread-safe.
    /// </param>
    public DefaultRetryPolicy(Func<double> randomUnit)
    {
        ArgumentNullException.ThrowIfNull(randomUnit);
        _randomUnit = randomUnit;
    }

    /// <inheritdoc/>
    public DateTimeOffset NextRetry(JobRow job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var delay = Delay(job.Errors.Count + 1);
        return DateTimeOffset.MaxValue - now < delay ? DateTimeOffset.MaxValue : now + delay;
    }

    /// <summary>The delay, jitter included, before the retry that follows the <paramref name="errorCount"/>-th error.</summary>
    /// <param name="errorCount">The number of errors including the current one; at least 1.</param>
    public TimeSpan Delay(int errorCount)
    {
        var baseDelay = DelayWithoutJitter(errorCount);
        if (baseDelay == MaxDelay)
            return MaxDelay;
        var unit = _randomUnit();
        if (!(unit >= 0 && unit < 1))
            throw new InvalidOperationException("The retry jitter source must return a number in [0, 1), got " + unit.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var seconds = baseDelay.Ticks / (double)TimeSpan.TicksPerSecond;
        seconds += seconds * (unit * 2 * JitterFraction - JitterFraction);
        return FromSecondsCapped(seconds);
    }

    /// <summary>The delay without jitter: <c>errorCount⁴</c> seconds, capped at <see cref="MaxDelay"/>.</summary>
    /// <param name="errorCount">The number of errors including the current one; at least 1.</param>
    public static TimeSpan DelayWithoutJitter(int errorCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(errorCount, 1);
        return FromSecondsCapped(Math.Pow(errorCount, Exponent));
    }

    private static TimeSpan FromSecondsCapped(double seconds)
    {
        var ticks = seconds * TimeSpan.TicksPerSecond;
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)Math.Round(ticks));
    }
}
