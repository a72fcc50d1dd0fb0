using System.Globalization;

namespace River.TestWorker;

/// <summary>
/// What one worker process does, from <c>--name value</c> arguments or <c>RTW_NAME</c> environment variables
/// (arguments win). Every bad value stops the program with a message naming the setting.
/// </summary>
internal sealed class WorkerSettings
{
    public required string DatabaseUrl { get; init; }
    public required string ClientId { get; init; }
    /// <summary>Queues to work: <c>name:workers</c>, comma-separated.</summary>
    public required IReadOnlyList<(string Name, int Workers)> Queues { get; init; }
    /// <summary>How long a job sleeps when its args do not say (ms).</summary>
    public int JobMs { get; init; }
    public TimeSpan JobTimeout { get; init; }
    public TimeSpan? RescueAfter { get; init; }
    public TimeSpan? RescuerInterval { get; init; }
    public TimeSpan? SchedulerInterval { get; init; }
    public TimeSpan? LeaderInterval { get; init; }
    public TimeSpan? LeaderTtl { get; init; }
    public TimeSpan? HeartbeatInterval { get; init; }
    public TimeSpan? HeartbeatTtl { get; init; }
    public TimeSpan PollInterval { get; init; }
    public TimeSpan FetchCooldown { get; init; }
    /// <summary>How often a status line is printed (ms); 0 disables it.</summary>
    public TimeSpan StatusInterval { get; init; }
    public TimeSpan ShutdownTimeout { get; init; }
    public bool PollOnly { get; init; }
    /// <summary>Declares the fleet kinds' concurrency and rate limits (<c>--flow 1</c>; see FlowJobs.cs).</summary>
    public bool Flow { get; init; }

    public static WorkerSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"argument '{args[i]}': expected '--name value' pairs.");
            }
            values[args[i][2..]] = args[++i];
        }

        string? Get(string name) =>
            values.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable("RTW_" + name.Replace('-', '_').ToUpperInvariant());

        int Int(string name, int fallback)
        {
            var text = Get(name);
            if (text is null)
            {
                return fallback;
            }
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"--{name}: '{text}' is not a non-negative integer.");
        }

        TimeSpan? Ms(string name) => Get(name) is null ? null : TimeSpan.FromMilliseconds(Int(name, 0));

        var url = Get("database-url") ?? Environment.GetEnvironmentVariable("DATABASE_URL")
            ?? throw new ArgumentException("--database-url (or RTW_DATABASE_URL / DATABASE_URL) is required.");
        var queues = new List<(string, int)>();
        foreach (var item in (Get("queues") ?? "default:10").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var workers) || workers < 1)
            {
                throw new ArgumentException($"--queues: '{item}' must be 'name:workers' with workers ≥ 1.");
            }
            queues.Add((parts[0], workers));
        }

        var jobTimeoutMs = Int("job-timeout-ms", 60_000);
        return new WorkerSettings
        {
            DatabaseUrl = url,
            ClientId = Get("client-id") ?? $"rtw-{Environment.ProcessId}",
            Queues = queues,
            JobMs = Int("job-ms", 0),
            JobTimeout = jobTimeoutMs == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(jobTimeoutMs),
            RescueAfter = Ms("rescue-after-ms"),
            RescuerInterval = Ms("rescuer-interval-ms"),
            SchedulerInterval = Ms("scheduler-interval-ms"),
            LeaderInterval = Ms("leader-interval-ms"),
            LeaderTtl = Ms("leader-ttl-ms"),
            HeartbeatInterval = Ms("heartbeat-ms"),
            HeartbeatTtl = Ms("heartbeat-ttl-ms"),
            PollInterval = TimeSpan.FromMilliseconds(Int("poll-ms", 1000)),
            FetchCooldown = TimeSpan.FromMilliseconds(Int("cooldown-ms", 5)),
            StatusInterval = TimeSpan.FromMilliseconds(Int("status-ms", 0)),
            ShutdownTimeout = TimeSpan.FromMilliseconds(Int("shutdown-timeout-ms", 30_000)),
            PollOnly = Get("poll-only") is "1" or "true",
            Flow = Get("flow") is "1" or "true",
        };
    }
}
