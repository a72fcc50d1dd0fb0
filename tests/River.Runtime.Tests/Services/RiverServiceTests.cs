using Microsoft.Extensions.Time.Testing;
using River.Services;

namespace River.Runtime.Tests.Services;

public sealed class RiverServiceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.Zero));

    [Fact]
    public async Task Stop_before_start_and_a_second_stop_are_safe()
    {
        var service = new LoopProbe(_clock);
        Assert.True(service.Stopped.IsCompleted);
        Assert.False(service.Started.IsCompleted);
        await service.StopAsync();
        await service.StopAsync();
        Assert.False(service.IsRunning);
        Assert.Equal(0, service.Starts);
    }

    [Fact]
    public async Task Start_is_idempotent_and_stop_waits_for_the_loop_to_end()
    {
        var service = new LoopProbe(_clock);
        await service.StartAsync();
        await service.StartAsync();
        Assert.Equal(1, service.Starts);
        await service.Started.WaitAsync(Wait);
        Assert.True(service.IsRunning);
        Assert.False(service.Stopped.IsCompleted);
        Assert.Equal(TimeSpan.FromSeconds(5), await service.SleepStarted.WaitAsync());

        service.HoldStop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = service.StopAsync();
        Assert.True(service.LastToken.IsCancellationRequested);
        Assert.False(stop.IsCompleted); // the loop is still on its way out
        service.HoldStop.SetResult();
        await stop.WaitAsync(Wait);
        Assert.True(service.Stopped.IsCompleted);
        Assert.False(service.IsRunning);
        await service.StopAsync();
    }

    [Fact]
    public async Task Sleeps_run_on_the_injected_clock()
    {
        var service = new LoopProbe(_clock);
        await service.StartAsync();
        await service.SleepStarted.WaitAsync();
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(service.Iterated.TryTake(out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await service.Iterated.WaitAsync());
        Assert.False(await service.Woke.WaitAsync());
        await service.StopAsync();
    }

    [Fact]
    public async Task Wake_cuts_a_sleep_short_and_wakes_before_a_sleep_coalesce()
    {
        var service = new LoopProbe(_clock, TimeSpan.FromHours(1));
        service.Wake();
        service.Wake();
        await service.StartAsync();
        Assert.True(await service.Woke.WaitAsync()); // the pending wake ends the first sleep at once
        await service.SleepStarted.WaitAsync(); // the second sleep arms a timer: both wakes were spent on one sleep
        service.Wake();
        Assert.True(await service.Woke.WaitAsync());
        await service.StopAsync();
    }

    [Fact]
    public async Task A_failed_start_leaves_the_service_stopped_and_it_can_start_later()
    {
        var service = new LoopProbe(_clock) { StartFailure = new InvalidOperationException("no database") };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.StartAsync());
        Assert.Equal("no database", error.Message);
        Assert.False(service.IsRunning);
        Assert.True(service.Stopped.IsCompleted);
        Assert.False(service.Started.IsCompleted);

        service.StartFailure = null;
        await service.StartAsync();
        await service.Started.WaitAsync(Wait);
        Assert.True(service.IsRunning);
        await service.StopAsync();
    }

    [Fact]
    public async Task A_loop_that_fails_counts_as_stopped_and_starts_again()
    {
        var service = new LoopProbe(_clock) { LoopFailure = new InvalidOperationException("boom") };
        await service.StartAsync();
        await service.SleepStarted.WaitAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        await service.Stopped.WaitAsync(Wait);
        await service.StopAsync();

        await service.StartAsync();
        Assert.Equal(2, service.Starts);
        await service.SleepStarted.WaitAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await service.Iterated.WaitAsync());
        await service.StopAsync();
    }

    [Fact]
    public async Task Restart_after_stop_gets_fresh_signals_and_a_start_during_a_stop_waits_for_it()
    {
        var service = new LoopProbe(_clock);
        await service.StartAsync();
        await service.Started.WaitAsync(Wait);
        service.HoldStop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stop = service.StopAsync();
        var start = service.StartAsync();
        Assert.False(start.IsCompleted);
        service.HoldStop.SetResult();
        service.HoldStop = null;
        await stop.WaitAsync(Wait);
        await start.WaitAsync(Wait);
        Assert.Equal(2, service.Starts);
        Assert.False(service.Stopped.IsCompleted);
        Assert.True(service.IsRunning);
        await service.StopAsync();
        Assert.True(service.Stopped.IsCompleted);
    }

    [Fact]
    public async Task Sleeps_longer_than_a_timer_allows_are_chained()
    {
        var service = new LoopProbe(_clock, TimeSpan.FromDays(3));
        await service.StartAsync();
        for (var day = 0; day < 3; day++)
        {
            Assert.Equal(RiverService.MaxTimer, await service.SleepStarted.WaitAsync());
            Assert.False(service.Iterated.TryTake(out _));
            _clock.Advance(TimeSpan.FromDays(1));
        }
        Assert.Equal(1, await service.Iterated.WaitAsync());
        await service.StopAsync();
    }

    [Fact]
    public async Task WakeInline_resumes_the_sleeping_loop_on_the_callers_thread_and_Wake_never_does()
    {
        var service = new LoopProbe(_clock, TimeSpan.FromHours(1));
        await service.StartAsync();
        await service.SleepStarted.WaitAsync();
        var caller = 0;
        var thread = new Thread(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            service.WakeInlineNow();
        });
        thread.Start();
        thread.Join();
        Assert.True(await service.Woke.WaitAsync());
        Assert.Equal(caller, service.ResumedOnThread);

        await service.SleepStarted.WaitAsync();
        thread = new Thread(() =>
        {
            caller = Environment.CurrentManagedThreadId;
            service.Wake();
        });
        thread.Start();
        thread.Join();
        Assert.True(await service.Woke.WaitAsync());
        Assert.NotEqual(caller, service.ResumedOnThread);
        await service.StopAsync();
    }

    [Fact]
    public async Task No_wake_is_lost_whichever_moment_of_the_loop_it_meets()
    {
        // The loop sleeps an hour on a clock that never moves: only wakes end its sleeps. Each round wakes it from
        // another thread at whatever point the loop has reached (sleeping, or still on its way back to sleep after the
        // last round), alternating Wake and WakeInline; every round must end a sleep, and none may end two.
        var service = new LoopProbe(_clock, TimeSpan.FromHours(1));
        await service.StartAsync();
        for (var round = 0; round < 2_000; round++)
        {
            await Task.Run(round % 2 == 0 ? service.Wake : service.WakeInlineNow);
            Assert.True(await service.Woke.WaitAsync(Wait), $"round {round}: the wake was lost");
            Assert.False(service.Woke.TryTake(out _), $"round {round}: one wake ended two sleeps");
        }

        // A storm of concurrent wakes ends at least one sleep.
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i => Task.Run(i % 2 == 0 ? service.Wake : service.WakeInlineNow)));
        Assert.True(await service.Woke.WaitAsync(Wait));
        await service.StopAsync();
    }
}
