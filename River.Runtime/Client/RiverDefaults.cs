namespace River;

/// <summary>Default values of the client, named after River's where River has them.</summary>
public static class RiverDefaults
{
    /// <summary>The queue jobs go to when none is given: <c>"default"</c>.</summary>
    public const string Queue = "default";
    /// <summary>The priority of jobs when none is given: 1.</summary>
    public const int Priority = 1;
    /// <summary>The maximum number of attempts when none is given: 25.</summary>
    public const int MaxAttempts = 25;
    /// <summary>The schema River's tables live in: <c>"public"</c>.</summary>
    public const string Schema = "public";
    /// <summary>How long one attempt may run: 1 minute.</summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(1);
    /// <summary>The shortest time between two fetches of one queue: 100 ms.</summary>
    public static readonly TimeSpan FetchCooldown = TimeSpan.FromMilliseconds(100);
    /// <summary>How often an idle queue polls for jobs (with up to 10 % jitter): 1 s.</summary>
    public static readonly TimeSpan FetchPollInterval = TimeSpan.FromSeconds(1);
    /// <summary>The largest MaxWorkers of one queue: 10,000.</summary>
    public const int MaxWorkersLimit = 10_000;
    /// <summary>The completer flushes at least this often while it holds outcomes: 50 ms.</summary>
    public static readonly TimeSpan CompleterFlushInterval = TimeSpan.FromMilliseconds(50);
    /// <summary>The completer flushes at once when this many outcomes wait: 100.</summary>
    public const int CompleterFlushThreshold = 100;
    /// <summary>At most this many outcomes go into one completer statement: 5,000.</summary>
    public const int CompleterMaxBatch = 5_000;
    /// <summary>Workers wait (back-pressure) while more than this many outcomes are unwritten: 10,000.</summary>
    public const int CompleterMaxBacklog = 10_000;
    /// <summary>At most this many completer writes run at once, each on its own connection: 2.</summary>
    public const int CompleterMaxConcurrentWrites = 2;
}
