namespace River.Cli.Bench;

/// <summary>The resolved settings of one <c>river bench</c> run (validated by <see cref="Create"/>).</summary>
internal sealed record BenchSettings
{
    /// <summary>Jobs of a burn-down when neither <c>-n</c> nor <c>--duration</c> is given.</summary>
    public const long DefaultJobs = 200_000;

    /// <summary>
    /// Worker slots of the bench queue (tuned). A fetch locks at most the free slots, and with no-op jobs the next fetch
    /// starts while about half of the last batch is still being dispatched and completed: 1,000 slots gave fetches
    /// of ~510 jobs (74 % of the SQL reference on an idle machine), 2,000 slots give ~1,000-job fetches — the batch of
    /// the reference (sql-limit.sh, batches of 1,000 on two clients) — and 87 %; 3,000 gained nothing more.
    /// </summary>
    public const int DefaultWorkers = 2_000;

    /// <summary>The bench's fetch cooldown: short, so a queue with a backlog fetches again as soon as slots free up.</summary>
    public static readonly TimeSpan DefaultFetchCooldown = TimeSpan.FromMilliseconds(1);

    /// <summary>Jobs per COPY statement in the insert phase (bounds memory in million-job runs).</summary>
    public const int InsertChunk = 50_000;

    /// <summary>Concurrent COPY streams of the burn-down's insert phase (one per core of this machine's target).</summary>
    public const int InsertStreams = 2;

    public required BenchMode Mode { get; init; }
    public long Jobs { get; init; }
    public TimeSpan Duration { get; init; }
    public double Rate { get; init; }
    public int Workers { get; init; } = DefaultWorkers;
    public TimeSpan FetchCooldown { get; init; } = DefaultFetchCooldown;
    public bool Json { get; init; }
    public string? CompareSql { get; init; }
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The working client deletes completed jobs (<see cref="RiverClientOptions.DeleteCompletedJobs"/>).</summary>
    public bool DeleteCompleted { get; init; }

    /// <summary>The bench's clients run without the client registry and heartbeats (<see cref="RiverClientOptions.RegisterClient"/> false).</summary>
    public bool NoRegistry { get; init; }

    /// <summary>A global concurrency limit on the bench kind (flow control; null: none), to measure the limited fetch.</summary>
    public int? KindLimit { get; init; }

    /// <summary>The most queues a run may spread its jobs over (<c>--queues</c>).</summary>
    public const int MaxQueues = 1_000;

    /// <summary>The most worker processes of a burn-down (<c>--processes</c>).</summary>
    public const int MaxProcesses = 64;

    /// <summary>The most rows a preload may add (<c>--preload-finalized</c>, <c>--preload-scheduled</c>).</summary>
    public const long MaxPreload = 100_000_000;

    /// <summary>Queues the jobs are spread over, round robin; the workers are split evenly between them (at least one each).</summary>
    public int Queues { get; init; } = 1;

    /// <summary>Burn-down: worker processes (<c>river bench-worker</c>) that work the jobs together; 1 works in this process.</summary>
    public int Processes { get; init; } = 1;

    /// <summary>Completed jobs added before the run, finalized over the last 23 h (the job cleaner's window): an aged table.</summary>
    public long PreloadFinalized { get; init; }

    /// <summary>Jobs scheduled a day ahead added before the run: a table full of future work the fetch must skip.</summary>
    public long PreloadScheduled { get; init; }

    /// <summary>Burn-down: work the jobs with a batch worker of this many jobs per call (<c>--batch-size</c>); null for the single-job worker.</summary>
    public int? BatchSize { get; init; }

    /// <summary>These settings with <c>--batch-size</c>, checked (1 to 1,000, burn-down in this process only).</summary>
    public BenchSettings WithBatchSize(int? batchSize)
    {
        if (batchSize is null)
        {
            return this;
        }
        if (BatchRules.ValidateMaxSize(batchSize.Value) is { } problem)
        {
            throw Usage("--batch-size: " + problem);
        }
        if (Mode != BenchMode.BurnDown || Processes > 1)
        {
            throw Usage("--batch-size applies to the burn-down (-n) in this process");
        }
        return this with { BatchSize = batchSize };
    }

    /// <summary>
    /// Burn-down: after the plain burn-down, the same number of jobs again as workflows of this many tasks
    /// (<c>--workflow</c>, shape in <see cref="BenchWorkflowShape"/>), worked by the same kind of client: tasks per
    /// second beside jobs per second in one run. Null: plain burn-down only.
    /// </summary>
    public int? WorkflowSize { get; init; }

    /// <summary>These settings with <c>--workflow</c>, checked (2 to 10,000 tasks, at most -n, burn-down in this process only).</summary>
    public BenchSettings WithWorkflow(int? size)
    {
        if (size is null)
        {
            return this;
        }
        if (size < BenchWorkflowShape.MinTasks || size > BenchWorkflowShape.MaxTasks)
        {
            throw Usage($"--workflow must be between {BenchWorkflowShape.MinTasks} and {BenchWorkflowShape.MaxTasks} tasks per workflow, got {size}");
        }
        if (Mode != BenchMode.BurnDown || Processes > 1)
        {
            throw Usage("--workflow applies to the burn-down (-n) in this process");
        }
        if (Jobs < size)
        {
            throw Usage($"--workflow {size} needs at least {size} jobs (-n), got {Jobs}");
        }
        return this with { WorkflowSize = size };
    }

    /// <summary>Where to write the run's charts (SVG), or null for none.</summary>
    public string? ChartDirectory { get; init; }

    /// <summary>These settings with the scenario options, each checked; throws <see cref="CliException"/> naming the problem.</summary>
    public BenchSettings WithScenario(int? queues, int? processes, long? preloadFinalized, long? preloadScheduled, string? chartDirectory, bool deleteCompleted)
    {
        if (queues is { } q && (q < 1 || q > MaxQueues))
        {
            throw Usage($"--queues must be between 1 and {MaxQueues}, got {q}");
        }
        if (processes is { } p && (p < 1 || p > MaxProcesses))
        {
            throw Usage($"--processes must be between 1 and {MaxProcesses}, got {p}");
        }
        if (processes is > 1 && Mode != BenchMode.BurnDown)
        {
            throw Usage("--processes applies to the burn-down (-n); continuous and latency runs work in this process");
        }
        if (preloadFinalized is { } f && (f < 0 || f > MaxPreload))
        {
            throw Usage($"--preload-finalized must be between 0 and {MaxPreload:N0}, got {f}");
        }
        if (preloadScheduled is { } s && (s < 0 || s > MaxPreload))
        {
            throw Usage($"--preload-scheduled must be between 0 and {MaxPreload:N0}, got {s}");
        }
        if (chartDirectory is { Length: 0 })
        {
            throw Usage("--charts needs a directory");
        }
        return this with
        {
            Queues = queues ?? 1,
            Processes = processes ?? 1,
            PreloadFinalized = preloadFinalized ?? 0,
            PreloadScheduled = preloadScheduled ?? 0,
            ChartDirectory = chartDirectory,
            DeleteCompleted = deleteCompleted,
        };
    }

    /// <summary>The queue names of a run: <c>default</c> alone, or <c>bench_000</c>… for several.</summary>
    public string[] QueueNames() => Queues == 1
        ? [RiverDefaults.Queue]
        : [.. Enumerable.Range(0, Queues).Select(i => "bench_" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Worker slots of each queue: the workers split evenly, at least one.</summary>
    public int WorkersPerQueue => Math.Max(1, Workers / Queues);

    /// <summary>Picks the mode from the options given and checks every value; throws <see cref="CliException"/> naming the problem.</summary>
    public static BenchSettings Create(long? jobs, string? duration, double? rate, int? workers, double? fetchCooldownMs, bool json, string? compareSql)
    {
        if (jobs is <= 0)
        {
            throw Usage($"-n must be a positive number of jobs, got {jobs}");
        }
        if (rate is { } r && (r <= 0 || double.IsNaN(r) || double.IsInfinity(r) || r > 100_000))
        {
            throw Usage($"--rate must be between 0 and 100000 jobs per second, got {r}");
        }
        if (workers is { } w && (w < 1 || w > RiverDefaults.MaxWorkersLimit))
        {
            throw Usage($"--workers must be between 1 and {RiverDefaults.MaxWorkersLimit}, got {w}");
        }
        if (fetchCooldownMs is { } c && (c < 0 || double.IsNaN(c) || c > 60_000))
        {
            throw Usage($"--fetch-cooldown-ms must be between 0 and 60000, got {c}");
        }
        TimeSpan? span = duration is null ? null : ParseDuration(duration);
        var mode = (jobs, span, rate) switch
        {
            (not null, not null, _) => throw Usage("-n (burn-down) and --duration (continuous, latency) exclude each other"),
            (_, null, not null) => throw Usage("--rate needs --duration (latency mode: --rate R --duration D)"),
            (_, not null, not null) => BenchMode.Latency,
            (_, not null, null) => BenchMode.Continuous,
            _ => BenchMode.BurnDown,
        };
        if (mode == BenchMode.Latency && rate!.Value * span!.Value.TotalSeconds > 10_000_000)
        {
            throw Usage("--rate × --duration is more than 10,000,000 jobs; shorten the run");
        }
        return new BenchSettings
        {
            Mode = mode,
            Jobs = mode == BenchMode.BurnDown ? jobs ?? DefaultJobs : 0,
            Duration = span ?? TimeSpan.Zero,
            Rate = rate ?? 0,
            Workers = workers ?? DefaultWorkers,
            FetchCooldown = fetchCooldownMs is { } ms ? TimeSpan.FromMilliseconds(ms) : DefaultFetchCooldown,
            Json = json,
            CompareSql = compareSql,
        };
    }

    /// <summary>Parses <c>30s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c> or a plain number of seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim();
        var (number, unit) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0)
            : t.EndsWith('m') ? (t[..^1], 60.0)
            : t.EndsWith('h') ? (t[..^1], 3600.0)
            : (t, 1.0);
        if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || value <= 0 || value * unit > 86_400)
        {
            throw Usage($"--duration must be a positive time up to 24h such as 30s, 500ms, 2m or 1h, got '{text}'");
        }
        return TimeSpan.FromSeconds(value * unit);
    }

    private static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
