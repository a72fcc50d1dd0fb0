using Microsoft.Extensions.DependencyInjection;

namespace River.Runtime.Tests.Generated;

public interface IClock
{
    DateTimeOffset Now { get; }
}

public sealed class FixedClock(DateTimeOffset now) : IClock
{
    public DateTimeOffset Now { get; } = now;
}

/// <summary>Dependencies of every kind: required, the provider itself, optional reference and value parameters.</summary>
public sealed class ScalarsWorker(IClock clock, IServiceProvider services, string? label = "fallback", int retries = 3) : Worker<Scalars>
{
    public IClock Clock { get; } = clock;
    public IServiceProvider Services { get; } = services;
    public string? Label { get; } = label;
    public int Retries { get; } = retries;

    public override Task WorkAsync(Job<Scalars> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A keyed dependency.</summary>
public sealed class NullablesWorker([FromKeyedServices("blue")] IClock clock) : Worker<Nullables>
{
    public IClock Clock { get; } = clock;

    public override Task WorkAsync(Job<Nullables> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

public abstract class TracingWorker<T> : Worker<T> where T : notnull
{
    public override Task WorkAsync(Job<T> job, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>An indirect base and two constructors, one marked for activation.</summary>
public sealed class TreeWorker : TracingWorker<Tree>
{
    public TreeWorker() => Clock = null;

    [ActivatorUtilitiesConstructor]
    public TreeWorker(IClock clock) => Clock = clock;

    public IClock? Clock { get; }
}

/// <summary>Not a job args type: skipped by the generator (the analyzers report it).</summary>
#pragma warning disable RIVER0018 // deliberately not a job args type
public sealed class StringWorker : Worker<string>
#pragma warning restore RIVER0018
{
    public override Task WorkAsync(Job<string> job, CancellationToken cancellationToken) => Task.CompletedTask;
}
