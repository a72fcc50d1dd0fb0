using River.Services;

namespace River.Runtime.Tests.Services;

public sealed class TestSignalTests
{
    [Fact]
    public async Task Signals_before_init_are_not_recorded_and_waiting_on_them_names_the_fix()
    {
        var signal = new TestSignal<int>("probe.thing");
        signal.Signal(1);
        Assert.False(signal.IsInitialized);
        Assert.False(signal.TryTake(out _));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => signal.WaitAsync());
        Assert.Contains("probe.thing", error.Message);
        Assert.Contains("Init()", error.Message);
    }

    [Fact]
    public async Task Observers_see_every_later_occurrence_without_buffering_and_beside_awaiting_tests()
    {
        var signal = new TestSignal<int>("probe.thing");
        var first = new List<int>();
        var second = new List<int>();
        signal.Signal(0); // before any observer: seen by none
        signal.Observe(first.Add);
        signal.Signal(1);
        Assert.False(signal.TryTake(out _)); // observing buffers nothing (the bench observes millions)
        signal.Observe(second.Add);
        signal.Init();
        signal.Signal(2);
        Assert.Equal([1, 2], first);
        Assert.Equal([2], second);
        Assert.Equal(2, await signal.WaitAsync()); // awaiting and observing one signal at once
        Assert.Throws<ArgumentNullException>(() => signal.Observe(null!));
    }

    [Fact]
    public async Task Occurrences_are_awaited_in_order_including_those_before_the_wait()
    {
        var signal = new TestSignal<int>("probe.thing");
        signal.Init();
        signal.Init(); // idempotent: keeps what was recorded
        signal.Signal(1);
        signal.Signal(2);
        Assert.Equal(1, await signal.WaitAsync());
        var third = signal.WaitAsync();
        Assert.Equal(2, await third);
        var fourth = signal.WaitAsync();
        Assert.False(fourth.IsCompleted);
        signal.Signal(3);
        Assert.Equal(3, await fourth);
    }

    [Fact]
    public async Task A_timeout_names_the_signal_and_loses_no_later_occurrence()
    {
        var signal = new TestSignal<string>("probe.thing");
        signal.Init();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => signal.WaitAsync(TimeSpan.FromMilliseconds(1)));
        Assert.Contains("probe.thing", error.Message);
        signal.Signal("late");
        Assert.True(signal.TryTake(out var value));
        Assert.Equal("late", value);
    }

    [Fact]
    public async Task WaitFor_skips_to_a_matching_occurrence_and_Next_forgets_the_past()
    {
        var signal = new TestSignal<int>("probe.thing");
        signal.Init();
        signal.Signal(1);
        signal.Signal(5);
        signal.Signal(6);
        Assert.Equal(5, await signal.WaitForAsync(v => v > 4));
        var next = signal.NextAsync();
        Assert.False(next.IsCompleted); // 6 was forgotten
        signal.Signal(7);
        Assert.Equal(7, await next);
    }
}
