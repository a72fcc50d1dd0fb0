// Insert options on [JobArgs] and at a call site: RIVER0004 priority, RIVER0005 max attempts,
// RIVER0006 queue, RIVER0007 tags.
#pragma warning disable RIVER0020 // these kinds are worked by another service
namespace DiagnosticsShowcase.Options;

[JobArgs("options.priority", Priority = /*!RIVER0004*/5)]
public sealed record BadPriority(string To);

[JobArgs("options.attempts", MaxAttempts = /*!RIVER0005*/40_000)]
public sealed record BadMaxAttempts(string To);

[JobArgs("options.queue", Queue = /*!RIVER0006*/"Mail Queue")]
public sealed record BadQueue(string To);

[JobArgs("options.tags", Tags = ["email", /*!RIVER0007*/"high priority"])]
public sealed record BadTag(string To);

// RIVER0050: 0 on the attribute means unset, i.e. the client's default (25 attempts), not "no retries".
[JobArgs("options.zero_attempts", MaxAttempts = /*!RIVER0050*/0)]
public sealed record ZeroAttempts(string To);

public static class CallSite
{
    /// <summary>Stands in for <c>client.InsertAsync(args, opts)</c>.</summary>
    private static Task InsertAsync(object args, InsertOptions opts) => Task.CompletedTask;

    public static Task EnqueueAsync()
        => InsertAsync(new BadPriority("a@example.com"), new InsertOptions { Priority = /*!RIVER0004*/9, MaxAttempts = /*!RIVER0005*/0 });
}
