using Microsoft.Extensions.Logging.Abstractions;
using River.Services;

namespace River.Runtime.Tests.Services;

/// <summary>A service whose loop the test scripts: each iteration sleeps <see cref="Interval"/> and then signals.</summary>
internal sealed class LoopProbe : RiverService
{
    public LoopProbe(TimeProvider time, TimeSpan? interval = null) : base("probe", time, NullLogger.Instance)
    {
        Interval = interval ?? TimeSpan.FromSeconds(5);
        Woke.Init();
        Iterated.Init();
        SleepStarted.Init();
    }

    public TimeSpan Interval { get; }

    /// <summary>Thrown by <see cref="OnStartAsync"/> when set.</summary>
    public Exception? StartFailure { get; set; }

    /// <summary>Thrown by the loop after its next sleep when set.</summary>
    public Exception? LoopFailure { get; set; }

    /// <summary>Completed by the test to let a stopping loop finish.</summary>
    public TaskCompletionSource? HoldStop { get; set; }

    public int Starts { get; private set; }

    /// <summary>Whether each sleep ended early by a wake.</summary>
    public TestSignal<bool> Woke { get; } = new("probe.woke");

    /// <summary>Each finished loop iteration, numbered from 1.</summary>
    public TestSignal<int> Iterated { get; } = new("probe.iterated");

    public CancellationToken LastToken { get; private set; }

    /// <summary>The managed thread the loop was on when its last sleep returned.</summary>
    public int ResumedOnThread { get; private set; }

    public void WakeInlineNow() => WakeInline();

    protected override Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (StartFailure is not null)
        {
            throw StartFailure;
        }
        Starts++;
        return Task.CompletedTask;
    }

    protected override async Task RunAsync(CancellationToken stopping)
    {
        LastToken = stopping;
        try
        {
            for (var i = 1; ; i++)
            {
                var woke = await SleepAsync(Interval, stopping);
                ResumedOnThread = Environment.CurrentManagedThreadId;
                Woke.Signal(woke);
                if (LoopFailure is { } failure)
                {
                    LoopFailure = null;
                    throw failure;
                }
                Iterated.Signal(i);
            }
        }
        finally
        {
            if (HoldStop is { } hold)
            {
                await hold.Task;
            }
        }
    }
}
