namespace River.Runtime.Tests.Retries;

public sealed class DefaultRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static JobRow Job(int errors, int attempt = 1) => new()
    {
        Id = 1,
        State = JobState.Running,
        Attempt = attempt,
        MaxAttempts = 25,
        CreatedAt = Now,
        ScheduledAt = Now,
        Priority = 1,
        EncodedArgs = "{}"u8.ToArray(),
        Kind = "k",
        Queue = "default",
        Errors = Enumerable.Range(0, errors).Select(i => new AttemptError(Now, i + 1, "boom", "")).ToArray(),
    };

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 16)]
    [InlineData(2, 81)]
    [InlineData(3, 256)]
    [InlineData(4, 625)]
    [InlineData(23, 331776)] // 24^4 s, about 3.8 days
    public void Without_jitter_the_delay_is_errors_plus_one_to_the_fourth(int errors, long seconds)
    {
        var policy = new DefaultRetryPolicy(() => 0.5); // the middle of [0, 1) is no jitter
        Assert.Equal(Now.AddSeconds(seconds), policy.NextRetry(Job(errors), Now));
    }

    [Fact]
    public void Jitter_spans_minus_to_plus_ten_percent()
    {
        Assert.Equal(Now.AddSeconds(81 * 0.9), new DefaultRetryPolicy(() => 0).NextRetry(Job(2), Now));
        var high = new DefaultRetryPolicy(() => 0.999999).NextRetry(Job(2), Now);
        Assert.True(high < Now.AddSeconds(81 * 1.1) && high > Now.AddSeconds(81 * 1.0999), high.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Now.AddSeconds(16 * 1.05), new DefaultRetryPolicy(() => 0.75).NextRetry(Job(1), Now));
    }

    [Fact]
    public void Snoozes_do_not_count_only_errors_do()
    {
        var policy = new DefaultRetryPolicy(() => 0.5);
        Assert.Equal(policy.NextRetry(Job(errors: 1, attempt: 2), Now), policy.NextRetry(Job(errors: 1, attempt: 9), Now));
    }

    [Fact]
    public void Huge_error_counts_are_capped_without_jitter_and_without_overflow()
    {
        Assert.Equal(DefaultRetryPolicy.MaxDelay, DefaultRetryPolicy.DelayWithoutJitter(int.MaxValue));
        Assert.Equal(DefaultRetryPolicy.MaxDelay, DefaultRetryPolicy.DelayWithoutJitter(400)); // 400^4 s > 292 years
        Assert.Equal(TimeSpan.FromSeconds(Math.Pow(300, 4)), DefaultRetryPolicy.DelayWithoutJitter(300)); // just under
        var capped = new DefaultRetryPolicy(() => throw new InvalidOperationException("jitter must not be drawn at the cap"));
        Assert.Equal(DefaultRetryPolicy.MaxDelay, capped.Delay(1000));
        // Near the cap, +10 % jitter is capped again.
        Assert.Equal(DefaultRetryPolicy.MaxDelay, new DefaultRetryPolicy(() => 0.999).Delay(310));
        Assert.Equal(292, (int)(DefaultRetryPolicy.MaxDelay.TotalDays / 365.25));
    }

    [Fact]
    public void Result_is_clamped_to_the_largest_time()
    {
        var late = DateTimeOffset.MaxValue.AddHours(-1); // 11^4 s is about 4 h
        Assert.Equal(DateTimeOffset.MaxValue, new DefaultRetryPolicy(() => 0.5).NextRetry(Job(10), late));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_bad_jitter_source_gets_a_clear_error(double value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => new DefaultRetryPolicy(() => value).NextRetry(Job(0), Now));
        Assert.StartsWith("The retry jitter source must return a number in [0, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_count_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DefaultRetryPolicy.DelayWithoutJitter(0));

    [Fact]
    public void Default_constructor_stays_within_the_jitter_band()
    {
        var policy = new DefaultRetryPolicy();
        for (var i = 0; i < 1000; i++)
        {
            var delay = policy.Delay(3);
            Assert.InRange(delay, TimeSpan.FromSeconds(81 * 0.9), TimeSpan.FromSeconds(81 * 1.1));
        }
    }
}
