using River.Retries;

namespace River.Runtime.Tests.Retries;

public sealed class BackoffTests
{
    private static readonly Backoff Subject = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(6, 3_200)]
    public void Doubles_from_the_first_delay_with_at_most_ten_percent_jitter(int failures, double expectedMs)
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = Subject.Delay(failures).TotalMilliseconds;
            Assert.InRange(delay, expectedMs, expectedMs * 1.1);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(int.MaxValue)]
    public void Never_exceeds_the_cap(int failures)
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(Subject.Delay(failures).TotalMilliseconds, 5_000 / 1.1, 5_000);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Counts_below_one_are_the_first_failure(int failures)
        => Assert.InRange(Subject.Delay(failures).TotalMilliseconds, 100, 110);

    [Fact]
    public void Jitter_spreads_clients_that_failed_together()
    {
        var delays = Enumerable.Range(0, 100).Select(_ => Subject.Delay(3)).Distinct().Count();
        Assert.True(delays > 50, $"only {delays} distinct delays out of 100");
    }
}
