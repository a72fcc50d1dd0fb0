using System.Text.Json;

// Workers of hand-defined args (no [JobArgs]): registered by hand, so the generator's skip does not matter.
#pragma warning disable RIVER0018

namespace River.IntegrationTests.Runtime;

// Hand-written definitions (the generator has its own tests); they also exercise the public
// JobDefinition<T> constructor that advanced users can call.
internal static class TestDefinitions
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static JobDefinition<T> Create<T>(string kind, JobDefaults? defaults = null, UniqueOptions? unique = null) where T : notnull
    {
        var definition = new JobDefinition<T>(
            kind,
            static (writer, value) => JsonSerializer.Serialize(writer, value, Json),
            static (ref Utf8JsonReader reader) => JsonSerializer.Deserialize<T>(ref reader, Json)!,
            defaults, unique);
        JobDefinition.Register(definition);
        return definition;
    }
}

public sealed record NoopArgs(int N);
public sealed record ScriptArgs(string Action, int Value = 0);
public sealed record UniqueArgs(string Key);
public sealed record OtherQueueArgs(int N);

internal static class Defs
{
    public static readonly JobDefinition<NoopArgs> Noop = TestDefinitions.Create<NoopArgs>("test.noop");
    public static readonly JobDefinition<ScriptArgs> Script = TestDefinitions.Create<ScriptArgs>("test.script");
    public static readonly JobDefinition<UniqueArgs> Unique = TestDefinitions.Create<UniqueArgs>("test.unique", unique: new UniqueOptions { ByArgs = true });
    public static readonly JobDefinition<OtherQueueArgs> OtherQueue = TestDefinitions.Create<OtherQueueArgs>("test.other_queue", new JobDefaults { Queue = "other", Priority = 3, MaxAttempts = 7, Tags = ["tag_a", "tag_b"] });

    /// <summary>Touch every definition so their registration has run.</summary>
    public static void EnsureRegistered() => _ = (Noop, Script, Unique, OtherQueue);
}

/// <summary>Counts how often each job ran; completes <see cref="AllDone"/> after <c>expected</c> runs.</summary>
internal sealed class CountingWorker(int expected) : Worker<NoopArgs>
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;
    public System.Collections.Concurrent.ConcurrentDictionary<long, int> RunsById { get; } = new();
    public Task AllDone => _done.Task;

    public override Task WorkAsync(Job<NoopArgs> job, CancellationToken cancellationToken)
    {
        RunsById.AddOrUpdate(job.Id, 1, (_, n) => n + 1);
        if (Interlocked.Increment(ref _runs) == expected)
        {
            _done.TrySetResult();
        }
        return Task.CompletedTask;
    }
}

/// <summary>Does what the args say: fail, snooze, cancel, output, hang until cancelled, block until released.</summary>
internal sealed class ScriptWorker : Worker<ScriptArgs>
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource<bool> ObservedCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TimeSpan? TimeoutOverride { get; init; }
    public override TimeSpan? Timeout => TimeoutOverride;

    public override async Task WorkAsync(Job<ScriptArgs> job, CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        switch (job.Args.Action)
        {
            case "ok":
                return;
            case "fail":
                throw new InvalidOperationException("boom " + job.Args.Value);
            case "snooze":
                throw Snooze(TimeSpan.FromSeconds(job.Args.Value));
            case "cancel":
                throw Cancel("no longer needed");
            case "output":
                job.RecordOutput("{\"sum\":" + job.Args.Value + "}");
                return;
            case "hang":
                try
                {
                    await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    ObservedCancellation.TrySetResult(true);
                    throw;
                }
                return;
            case "block":
                await Release.Task;
                return;
            default:
                throw new ArgumentException("unknown action " + job.Args.Action);
        }
    }
}
