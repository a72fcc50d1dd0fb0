namespace River;

/// <summary>
/// Thrown from a worker to run the job again after <see cref="Delay"/> without consuming an attempt.
/// The job's <c>snoozes</c> metadata counter is incremented.
/// </summary>
public sealed class JobSnoozeException : Exception
{
    /// <summary>Snoozes for <paramref name="delay"/> (zero or more).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    public JobSnoozeException(TimeSpan delay) : base($"Job snoozed for {delay}.")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Delay = delay;
    }

    /// <summary>How long until the job is available again.</summary>
    public TimeSpan Delay { get; }
}
