namespace River;

/// <summary>
/// Declares a global rate limit for a job kind: at most <see cref="Count"/> starts per <see cref="PeriodSeconds"/> across
/// every client (per value of <see cref="PartitionBy"/> when given), smoothed by a token bucket of <see cref="Burst"/>
/// tokens. Enforced by the fetch itself; see docs/flow-control.md.
/// </summary>
/// <remarks>
/// Over any window of length T at most <c>Burst + Count × T / Period</c> jobs start. Analyzer RIVER0053 reports a count
/// below 1 or a period outside 1 ms – 31 days.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RateLimitAttribute : Attribute
{
    /// <param name="count">Starts allowed per period; at least 1.</param>
    /// <param name="periodSeconds">The period in seconds, from 0.001 (1 ms) to 2,678,400 (31 days).</param>
    public RateLimitAttribute(int count, double periodSeconds)
    {
        Count = count;
        PeriodSeconds = periodSeconds;
    }

    /// <summary>Starts allowed per period.</summary>
    public int Count { get; }

    /// <summary>The period, in seconds.</summary>
    public double PeriodSeconds { get; }

    /// <summary>The most starts at once after an idle spell (the bucket's size); 0: one second's worth, at least 1 and at most <see cref="Count"/>.</summary>
    public int Burst { get; set; }

    /// <summary>A JSON property path into the args: one bucket per distinct value. Must equal the kind's <see cref="ConcurrencyLimitAttribute.PartitionBy"/> when both are given.</summary>
    public string? PartitionBy { get; set; }
}
