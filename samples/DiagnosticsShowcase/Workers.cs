// Workers: RIVER0018 worker of a type without [JobArgs], RIVER0019 two workers for one args type,
// RIVER0020 args without a worker (an info, raised to a warning by .globalconfig), RIVER0021 negative timeout,
// RIVER0031, RIVER0032 and RIVER0038 workers the generated registration leaves out, RIVER0044 zero timeout, RIVER0045
// negative snooze, RIVER0064 a retry time that has always passed. (RIVER0046 and RIVER0047 need referenced job libraries: CrossAssemblyTests shows them.)
namespace DiagnosticsShowcase.Workers;

public sealed record NotJobArgs(string To);

public sealed class NotJobArgsWorker : /*!RIVER0018*/Worker<NotJobArgs>
{
    public override Task WorkAsync(Job<NotJobArgs> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

[JobArgs("workers.twice")]
public sealed record WorkedTwice(string To);

public sealed class /*!RIVER0019*/FirstWorker : Worker<WorkedTwice>
{
    public override Task WorkAsync(Job<WorkedTwice> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class /*!RIVER0019*/SecondWorker : Worker<WorkedTwice>
{
    public override Task WorkAsync(Job<WorkedTwice> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

[JobArgs("workers.none")]
public sealed record /*!RIVER0020*/NobodyWorksMe(string To);

[JobArgs("workers.timeout")]
public sealed record SlowJob(string To);

public sealed class SlowJobWorker : Worker<SlowJob>
{
    public override TimeSpan? Timeout => /*!RIVER0021*/TimeSpan.FromSeconds(-30);

    public override Task WorkAsync(Job<SlowJob> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

// RIVER0031: a worker the generated registration leaves out (two public constructors, none marked);
// RIVER0032: an abstract worker no concrete class derives from.
[JobArgs("workers.unregistered")]
public sealed record Unregistered(string To);

public sealed class /*!RIVER0031*/UnregisteredWorker : Worker<Unregistered>
{
    public UnregisteredWorker() { }

    public UnregisteredWorker(TimeProvider clock) { }

    public override Task WorkAsync(Job<Unregistered> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

[JobArgs("workers.abstract")]
public sealed record OnlyAbstract(string To);

public abstract class /*!RIVER0032*/OnlyAbstractWorkerBase : Worker<OnlyAbstract>
{
}

// RIVER0038: a file-local worker, which the generated registration (another file) cannot name.
[JobArgs("workers.file_local")]
public sealed record FileLocalWorked(string To);

file sealed class /*!RIVER0038*/FileLocalWorker : Worker<FileLocalWorked>
{
    public override Task WorkAsync(Job<FileLocalWorked> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

[JobArgs("workers.zero_timeout")]
public sealed record Instant(string To);

public sealed class InstantWorker : Worker<Instant>
{
    public override TimeSpan? Timeout => /*!RIVER0044*/TimeSpan.Zero;

    public override Task WorkAsync(Job<Instant> job, CancellationToken cancellationToken)
        => throw Snooze(/*!RIVER0045*/TimeSpan.FromSeconds(-5));
}

[JobArgs("workers.past_retry")]
public sealed record PastRetry(string To);

public sealed class PastRetryWorker : Worker<PastRetry>
{
    public override DateTimeOffset? NextRetry(Job<PastRetry> job) => /*!RIVER0064*/DateTimeOffset.MinValue;

    public override Task WorkAsync(Job<PastRetry> job, CancellationToken cancellationToken) => Task.CompletedTask;
}
