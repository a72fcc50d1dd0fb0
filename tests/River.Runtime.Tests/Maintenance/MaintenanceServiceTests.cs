using Microsoft.Extensions.Time.Testing;
using River.Maintenance;

namespace River.Runtime.Tests.Maintenance;

public sealed class MaintenanceServiceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 5, 17, 13, 47, 12, TimeSpan.Zero));

    [Fact]
    public async Task Stop_before_start_is_safe_and_idempotent()
    {
        var service = new ProbeService(_clock, ProbeService.Options(), 10, (_, _) => Task.FromResult(0));
        Assert.True(service.Stopped.IsCompleted);
        Assert.False(service.Started.IsCompleted);
        await service.StopAsync();
        await service.StopAsync();
        Assert.False(service.IsRunning);
    }

    [Fact]
    public async Task Runs_at_once_then_every_interval_on_the_clock_and_stops_cleanly()
    {
        var service = new ProbeService(_clock, ProbeService.Options(), 10, (_, _) => Task.FromResult(1), TimeSpan.FromSeconds(5));
        var first = service.NextRun();
        var sleep = service.NextSleep();
        await service.StartAsync();
        await service.StartAsync(); // idempotent
        await service.Started.WaitAsync(Wait);
        Assert.Equal(1, await first);
        Assert.Equal(TimeSpan.FromSeconds(5), await sleep);

        var second = service.NextRun();
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(second.IsCompleted);
        var nextSleep = service.NextSleep();
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await second);
        await nextSleep;
        Assert.Equal(2, service.BatchSizesSeen.Count);

        Assert.False(service.Stopped.IsCompleted);
        await service.StopAsync();
        Assert.True(service.Stopped.IsCompleted);
        Assert.False(service.IsRunning);
        await service.StopAsync();
    }

    [Fact]
    public async Task Restarts_after_a_stop_with_fresh_signals()
    {
        var service = new ProbeService(_clock, ProbeService.Options(), 10, (_, _) => Task.FromResult(0));
        await service.StartAsync();
        var firstStarted = service.Started;
        await firstStarted.WaitAsync(Wait);
        await service.StopAsync();
        var stopped = service.Stopped;
        Assert.True(stopped.IsCompleted);

        var run = service.NextRun();
        await service.StartAsync();
        Assert.False(service.Stopped.IsCompleted);
        await service.Started.WaitAsync(Wait);
        await run;
        await service.StopAsync();
        Assert.True(service.Stopped.IsCompleted);
    }

    [Fact]
    public async Task Start_jitter_delays_the_first_run_by_at_most_the_configured_jitter()
    {
        var service = new ProbeService(_clock, ProbeService.Options(o => o.StartJitter = TimeSpan.FromSeconds(10)), 10, (_, _) => Task.FromResult(0));
        var sleep = service.NextSleep();
        var run = service.NextRun();
        await service.StartAsync();
        var jitter = await sleep;
        Assert.InRange(jitter, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.False(run.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await run;
        await service.StopAsync();
    }

    [Fact]
    public async Task A_run_works_through_full_batches_until_a_short_one()
    {
        var results = new Queue<int>([10, 10, 10, 3]);
        var service = new ProbeService(_clock, ProbeService.Options(), 10, (_, _) => Task.FromResult(results.Dequeue()));
        Assert.Equal(33, await service.RunOnceAsync());
        Assert.Equal([10, 10, 10, 10], service.BatchSizesSeen);
    }

    [Fact]
    public async Task A_run_is_bounded_even_when_every_batch_is_full()
    {
        var service = new ProbeService(_clock, ProbeService.Options(), 5, (size, _) => Task.FromResult(size));
        Assert.Equal(5 * MaintenanceService.MaxBatchesPerRun, await service.RunOnceAsync());
        Assert.Equal(MaintenanceService.MaxBatchesPerRun, service.BatchSizesSeen.Count);
    }

    [Fact]
    public async Task Repeated_batch_timeouts_halve_the_batch_size_and_clean_runs_grow_it_back()
    {
        var options = ProbeService.Options(o =>
        {
            o.BatchTimeout = TimeSpan.FromSeconds(30);
            o.BreakerTripAfter = 3;
            o.BreakerRecoverAfter = 2;
        });
        var hang = true;
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new ProbeService(_clock, options, 1000, async (_, ct) =>
        {
            if (!hang)
            {
                return 0;
            }
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        });

        async Task TimedOutRun()
        {
            entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = service.RunOnceAsync();
            await entered.Task.WaitAsync(Wait);
            _clock.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(0, await run.WaitAsync(Wait)); // a timeout ends the run; it is not an error
        }

        await TimedOutRun();
        await TimedOutRun();
        Assert.Equal(1000, service.BatchSize);
        await TimedOutRun();
        Assert.Equal(500, service.BatchSize);
        for (var i = 0; i < 3; i++)
        {
            await TimedOutRun();
        }
        Assert.Equal(250, service.BatchSize);

        hang = false;
        await service.RunOnceAsync();
        Assert.Equal(250, service.BatchSize);
        await service.RunOnceAsync();
        Assert.Equal(500, service.BatchSize);
        await service.RunOnceAsync();
        await service.RunOnceAsync();
        Assert.Equal(1000, service.BatchSize);
        await service.RunOnceAsync();
        await service.RunOnceAsync();
        Assert.Equal(1000, service.BatchSize);
    }

    [Fact]
    public async Task The_breaker_never_shrinks_below_its_floor()
    {
        var options = ProbeService.Options(o => { o.BatchTimeout = TimeSpan.FromSeconds(1); o.BreakerTripAfter = 1; });
        TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = new ProbeService(_clock, options, 40, async (_, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        });
        for (var i = 0; i < 5; i++)
        {
            entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = service.RunOnceAsync();
            await entered.Task.WaitAsync(Wait);
            _clock.Advance(TimeSpan.FromSeconds(1));
            await run.WaitAsync(Wait);
        }
        Assert.Equal(MaintenanceDefaults.BreakerMinBatchSize, service.BatchSize);
    }

    [Fact]
    public async Task A_failing_run_is_reported_and_the_loop_carries_on()
    {
        var fail = true;
        var service = new ProbeService(_clock, ProbeService.Options(), 10, (_, _) =>
            fail ? throw new InvalidOperationException("database on fire") : Task.FromResult(0));
        var first = service.NextRun();
        var sleep = service.NextSleep();
        await service.StartAsync();
        Assert.Equal(-1, await first);
        await sleep;
        fail = false;
        var second = service.NextRun();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await second);
        await service.StopAsync();
    }

    [Fact]
    public async Task Wake_cuts_a_sleep_short()
    {
        var service = new ProbeService(_clock, ProbeService.Options(), 10, (_, _) => Task.FromResult(0), TimeSpan.FromHours(1));
        var first = service.NextRun();
        var sleep = service.NextSleep();
        await service.StartAsync();
        await first;
        await sleep;
        var second = service.NextRun();
        service.Wake();
        await second;
        await service.StopAsync();
    }

    [Fact]
    public async Task Stop_cancels_a_run_in_flight_and_waits_for_it()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var observed = false;
        var service = new ProbeService(_clock, ProbeService.Options(o => o.BatchTimeout = TimeSpan.FromDays(1)), 10, async (_, ct) =>
        {
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                observed = true;
                throw;
            }
            return 0;
        });
        await service.StartAsync();
        await entered.Task.WaitAsync(Wait);
        await service.StopAsync().WaitAsync(Wait);
        Assert.True(observed);
        Assert.True(service.Stopped.IsCompleted);
    }

    [Fact]
    public async Task Sleeps_longer_than_a_timer_allows_are_chained_without_running_early()
    {
        var service = new ProbeService(_clock, ProbeService.Options(), 10, (_, _) => Task.FromResult(0), TimeSpan.FromDays(60));
        var first = service.NextRun();
        var sleep = service.NextSleep();
        await service.StartAsync();
        await first;
        Assert.Equal(MaintenanceService.MaxTimer, await sleep);
        var second = service.NextRun();
        for (var day = 1; day < 60; day++)
        {
            var next = service.NextSleep();
            _clock.Advance(TimeSpan.FromDays(1));
            await next;
            Assert.False(second.IsCompleted);
        }
        _clock.Advance(TimeSpan.FromDays(1));
        await second;
        await service.StopAsync();
    }
}
