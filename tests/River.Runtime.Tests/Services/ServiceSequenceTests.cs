using Microsoft.Extensions.Time.Testing;
using River.Services;

namespace River.Runtime.Tests.Services;

public sealed class ServiceSequenceTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task Starts_every_service_in_order()
    {
        var services = new[] { new LoopProbe(_clock), new LoopProbe(_clock), new LoopProbe(_clock) };
        await ServiceSequence.StartInOrderAsync(services, CancellationToken.None);
        Assert.All(services, s => Assert.True(s.IsRunning));
        foreach (var s in services)
        {
            await s.StopAsync();
        }
    }

    [Fact]
    public async Task A_service_that_fails_to_start_rolls_back_the_ones_started_before_it()
    {
        var first = new LoopProbe(_clock);
        var second = new LoopProbe(_clock);
        var failing = new LoopProbe(_clock) { StartFailure = new InvalidOperationException("cannot start") };
        var never = new LoopProbe(_clock);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ServiceSequence.StartInOrderAsync([first, second, failing, never], CancellationToken.None));
        Assert.Equal("cannot start", error.Message);
        Assert.Equal(1, first.Starts);
        Assert.Equal(1, second.Starts);
        Assert.All(new[] { first, second, failing, never }, s => Assert.False(s.IsRunning));
        Assert.All(new[] { first, second }, s => Assert.True(s.LastToken.IsCancellationRequested)); // they ran and were stopped
        Assert.Equal(0, never.Starts);
    }

    [Fact]
    public async Task A_cancelled_start_rolls_back_too()
    {
        var first = new LoopProbe(_clock);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ServiceSequence.StartInOrderAsync([first], cancelled.Token));
        Assert.False(first.IsRunning);
    }
}
