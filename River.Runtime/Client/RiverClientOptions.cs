using Microsoft.Extensions.Logging;
using Npgsql;

namespace River;

/// <summary>
/// Configuration of a <see cref="RiverClient"/>. Validated up front by <see cref="Validate"/> (called by the
/// client's constructor): every problem is reported with the name of the field and the rule it breaks.
/// </summary>
public sealed class RiverClientOptions
{
    /// <summary>Where connections come from. Required. Arrays and JSON must be enabled (they are with <see cref="NpgsqlDataSource.Create(string)"/>).</summary>
    public NpgsqlDataSource? DataSource { get; set; }

    /// <summary>
    /// The schema of River's tables (default <c>public</c>). The name: 1 to 46 characters: a lower-case ASCII letter
    /// or underscore, then lower-case ASCII letters, digits and underscores, not starting with pg_ (the migrator's
    /// rule too).
    /// </summary>
    public string Schema { get; set; } = RiverDefaults.Schema;

    /// <summary>
    /// This client's id, recorded in <c>attempted_by</c> and used for leadership. Default: the host name and the
    /// start time (UTC), e.g. <c>web-1_2024_05_17T13_47_12_123456</c>.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The queues this client works. A client with no queues only inserts.</summary>
    public QueueConfigCollection Queues { get; } = new();

    /// <summary>The workers (and insert-only kinds) this client knows. Filled by <c>AddRiverJobsFromThisAssembly()</c> when using DI.</summary>
    public RiverWorkers Workers { get; set; } = new();

    /// <summary>How long an attempt may run when its worker does not say (default 1 minute); <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan JobTimeout { get; set; } = RiverDefaults.JobTimeout;

    /// <summary>Max attempts of jobs whose kind and insert call do not say (default 25; 1..32,767).</summary>
    public int MaxAttempts { get; set; } = RiverDefaults.MaxAttempts;

    /// <summary>When to retry failed jobs; default <see cref="DefaultRetryPolicy"/> (attempt⁴ seconds ± 10 %).</summary>
    public IRetryPolicy? RetryPolicy { get; set; }

    /// <summary>The shortest time between two fetches of a queue (default 100 ms).</summary>
    public TimeSpan FetchCooldown { get; set; } = RiverDefaults.FetchCooldown;

    /// <summary>How often an idle queue polls for jobs (default 1 s, with jitter).</summary>
    public TimeSpan FetchPollInterval { get; set; } = RiverDefaults.FetchPollInterval;

    /// <summary>The clock (default <see cref="TimeProvider.System"/>); tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where the client logs. Default without a host: warnings and errors to standard error (so failures are never
    /// invisible); <c>AddRiver</c> uses the host's <see cref="ILoggerFactory"/>. Set <c>NullLoggerFactory.Instance</c> to log nothing.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Middleware around every job's work, outermost first (see <see cref="IWorkerMiddleware"/>).</summary>
    public IList<IWorkerMiddleware> WorkerMiddleware { get; } = new List<IWorkerMiddleware>();

    /// <summary>Middleware around every insert call, outermost first (see <see cref="IInsertMiddleware"/>).</summary>
    public IList<IInsertMiddleware> InsertMiddleware { get; } = new List<IInsertMiddleware>();

    /// <summary>Client-wide hooks at insert begin, work begin and work end (see <see cref="IRiverHook"/>), run in order.</summary>
    public IList<IRiverHook> Hooks { get; } = new List<IRiverHook>();

    /// <summary>
    /// Poll-only mode, for PgBouncer in transaction pooling mode (which cannot LISTEN): no dedicated LISTEN
    /// connection; producers poll every <see cref="FetchPollInterval"/>, leader election polls on its interval,
    /// and remote cancels are picked up by the owning producer's poll. Pickup latency becomes the poll interval.
    /// </summary>
    public bool PollOnly { get; set; }

    /// <summary>
    /// Whether the hot statements (each producer's fetch, the completer's updates) run as prepared statements — the
    /// default, as River's Go client does. Npgsql keeps them on each physical connection, so only the first use on a
    /// connection pays the preparation. Set to <see langword="false"/> behind a pooler that cannot keep prepared
    /// statements across transactions (PgBouncer in transaction mode before 1.21, or without
    /// <c>max_prepared_statements</c>).
    /// </summary>
    public bool PrepareStatements { get; set; } = true;

    /// <summary>
    /// Delete-on-completion mode: the completer deletes a job that completes instead of marking it
    /// <c>completed</c> (a completed-job retention of zero; River's job cleaner would delete it after
    /// <see cref="MaintenanceOptions.CompletedJobRetention"/> anyway). Everything else is as in the default
    /// mode: failed attempts are retried with their errors recorded, discarded and cancelled jobs are kept for the
    /// cleaner, snoozes and timeouts behave the same, and <see cref="RiverEventKind.JobCompleted"/> events still
    /// carry the job as it would read completed. What is lost is what a completed row holds: a worker's recorded
    /// output, and the job's history in <c>ListJobsAsync</c>. Unique jobs that stay unique while completed (their
    /// <see cref="UniqueOptions.ByState"/>, or River's default states, include <see cref="JobState.Completed"/>)
    /// cannot work in this mode — a deleted job blocks no duplicate — and are refused: a registered kind at
    /// construction, any other at insert. Workflow tasks are kept <c>completed</c> (their dependents read their state
    /// and output when released) until the job cleaner removes them. The setting is per client: it applies to the jobs
    /// this client works. Default <see langword="false"/>.
    /// </summary>
    public bool DeleteCompletedJobs { get; set; }

    /// <summary>Called when the LISTEN connection keeps failing to reconnect (3 attempts in a row); the client keeps trying.</summary>
    public Action<Exception>? OnNotifierUnhealthy { get; set; }

    /// <summary>
    /// Whether this client registers in the fleet's client registry (line typed's <c>river_typed_client</c>) and
    /// heartbeats there (default true). Registered clients are listed by <see cref="RiverClient.ListClientsAsync"/>,
    /// refuse a second live client with the same <see cref="ClientId"/>, and when one dies the leader rescues its running
    /// jobs as soon as its heartbeat expires (<see cref="HeartbeatTtl"/>). Turned off, the client's running jobs keep
    /// the classic <see cref="MaintenanceOptions.RescueStuckJobsAfter"/> horizon (like a River Go client's).
    /// </summary>
    public bool RegisterClient { get; set; } = true;

    /// <summary>How often a registered client refreshes its heartbeat (default <see cref="Fleet.ClientHeartbeat.DefaultInterval"/>, 2 s). Positive, less than half of <see cref="HeartbeatTtl"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = Fleet.ClientHeartbeat.DefaultInterval;

    /// <summary>
    /// How long after its last heartbeat a registered client is declared dead by the leader (default
    /// <see cref="Fleet.ClientHeartbeat.DefaultTtl"/>, 10 s) — counted by the leader's own clock, from the moment it saw the
    /// heartbeat stop changing, so a database restart, a paused leader or a clock step never declares a live client
    /// dead. A dead client's running jobs are rescued at once (River's retry rules). Longer TTLs tolerate longer client
    /// pauses (GC, VM) at the cost of slower rescue; at least twice <see cref="HeartbeatInterval"/>, at most 1 day.
    /// </summary>
    public TimeSpan HeartbeatTtl { get; set; } = Fleet.ClientHeartbeat.DefaultTtl;

    /// <summary>
    /// How long <see cref="RiverHostedService"/> (the host's start of the client) keeps retrying while the database is
    /// unreachable or still starting up (e.g. SQLSTATE 57P03 during a PostgreSQL restart), with a backoff from 0.5 s
    /// doubling to 10 s and a warning per attempt; default <see cref="Fleet.StartRetry.DefaultWaitForDatabase"/> (5 minutes).
    /// <see cref="TimeSpan.Zero"/> fails fast (the first <see cref="RiverStartupException"/> stops the host). Only an
    /// unreachable database is retried, and a <see cref="ClientId"/> still held by a crashed predecessor (a restart with a
    /// fixed id): that is retried every <see cref="HeartbeatInterval"/> until the predecessor's heartbeat is older than its
    /// TTL, and fails after twice <see cref="HeartbeatTtl"/> (then a second live process holds the id). A missing or outdated schema fails at once.
    /// <see cref="RiverClient.StartAsync"/> itself never waits.
    /// </summary>
    public TimeSpan WaitForDatabase { get; set; } = Fleet.StartRetry.DefaultWaitForDatabase;

    /// <summary>How often leader election runs (tests shorten it).</summary>
    internal TimeSpan LeaderElectInterval { get; set; } = Leadership.LeaderElector.DefaultElectInterval;

    /// <summary>How long a leader's lease lasts (tests shorten it).</summary>
    internal TimeSpan LeaderTtl { get; set; } = Leadership.LeaderElector.DefaultTtl;

    /// <summary>Services for workers; each job gets a scope of its own. Set by the DI integration.</summary>
    public IServiceProvider? Services { get; set; }

    /// <summary>Settings of the leader's maintenance services (scheduler, rescuer, cleaners, reindexer).</summary>
    public MaintenanceOptions Maintenance { get; } = new();

    /// <summary>
    /// The periodic jobs declared in code: every client upserts them into the durable schedules at start
    /// (<see cref="RiverClient.ListSchedulesAsync(int, string?, CancellationToken)"/>), and the leader enqueues the
    /// ones it declares. For schedules that change at run time use <see cref="RiverClient.AddScheduleAsync(string, string, JobInsertRequest, ScheduleOptions?, CancellationToken)"/>.
    /// </summary>
    public PeriodicJobCollection PeriodicJobs { get; } = new();

    /// <summary>
    /// Global concurrency limits, rate limits and sequenced queues declared by this client (they replace the kinds'
    /// attributes); written to the database at start so every client agrees (see docs/flow-control.md).
    /// </summary>
    public FlowControlOptions Flow { get; } = new();

    /// <summary>
    /// The version of this app, stored with the periodic jobs it declares: when two running versions declare one
    /// schedule id differently, the newer version's declaration is stored (dotted numbers compared numerically, a
    /// release after its pre-releases; equal versions: the greater definition hash), and the other logs it once.
    /// Default: the entry assembly's informational version (without a <c>+commit</c> suffix), else its version, else <c>""</c>.
    /// </summary>
    public string AppVersion { get; set; } = DefaultAppVersion();

    /// <summary>The default of <see cref="AppVersion"/>.</summary>
    internal static string DefaultAppVersion()
    {
        var entry = System.Reflection.Assembly.GetEntryAssembly();
        var informational = entry is null ? null
            : System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(entry)?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? informational[..plus] : informational;
        }
        return entry?.GetName().Version?.ToString() ?? "";
    }

    /// <summary>Problems found while binding a configuration section (unknown keys, values of the wrong type), reported by <see cref="Validate"/>.</summary>
    internal List<string> BindingProblems { get; } = [];

    /// <summary>Throws a <see cref="RiverConfigurationException"/> listing every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>(BindingProblems);
        if (DataSource is null)
        {
            problems.Add("DataSource is required: set it to an NpgsqlDataSource.");
        }
        if (JobOptionRules.ValidateSchemaName(Schema) is { } schemaError)
        {
            problems.Add(schemaError);
        }
        if (ClientId is not null && JobOptionRules.ValidateClientId(ClientId) is { } clientIdError)
        {
            problems.Add(clientIdError);
        }
        if (JobOptionRules.ValidateMaxAttempts(MaxAttempts) is { } maxAttemptsError)
        {
            problems.Add(maxAttemptsError);
        }
        if (JobTimeout <= TimeSpan.Zero && JobTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"JobTimeout must be positive or Timeout.InfiniteTimeSpan, got {JobTimeout}.");
        }
        ValidateInterval(problems, "FetchCooldown", FetchCooldown, allowZero: true);
        ValidateInterval(problems, "FetchPollInterval", FetchPollInterval, allowZero: false);
        foreach (var queue in Queues)
        {
            if (JobOptionRules.ValidateQueue(queue.Name) is { } queueError)
            {
                problems.Add($"Queues[\"{queue.Name}\"]: {queueError}");
            }
            if (queue.MaxWorkers < 1 || queue.MaxWorkers > RiverDefaults.MaxWorkersLimit)
            {
                problems.Add($"Queues[\"{queue.Name}\"].MaxWorkers must be between 1 and {RiverDefaults.MaxWorkersLimit}, got {queue.MaxWorkers}.");
            }
            if (queue.FetchCooldown is { } cooldown)
            {
                ValidateInterval(problems, $"Queues[\"{queue.Name}\"].FetchCooldown", cooldown, allowZero: true);
            }
            if (queue.FetchPollInterval is { } poll)
            {
                ValidateInterval(problems, $"Queues[\"{queue.Name}\"].FetchPollInterval", poll, allowZero: false);
            }
        }
        if (Workers is null)
        {
            problems.Add("Workers must not be null.");
        }
        if (TimeProvider is null)
        {
            problems.Add("TimeProvider must not be null.");
        }
        if (DeleteCompletedJobs && Workers is not null)
        {
            foreach (var definition in Workers.Definitions)
            {
                if (Insertion.InsertPreparer.DeleteCompletedConflict(definition.Kind, definition.Unique) is { } conflict)
                {
                    problems.Add(conflict);
                }
            }
        }
        ValidateInterval(problems, nameof(HeartbeatInterval), HeartbeatInterval, allowZero: false);
        ValidateInterval(problems, nameof(WaitForDatabase), WaitForDatabase, allowZero: true);
        ValidateInterval(problems, nameof(HeartbeatTtl), HeartbeatTtl, allowZero: false);
        if (HeartbeatTtl < HeartbeatInterval * 2)
        {
            problems.Add($"HeartbeatTtl ({HeartbeatTtl}) must be at least twice HeartbeatInterval ({HeartbeatInterval}): one late heartbeat must not declare a live client dead.");
        }
        Maintenance.CollectProblems(problems);
        if (problems.Count > 0)
        {
            throw new RiverConfigurationException(problems);
        }
    }

    private static void ValidateInterval(List<string> problems, string name, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > TimeSpan.FromDays(1))
        {
            problems.Add($"{name} must be {(allowZero ? "zero or more" : "positive")} and at most 1 day, got {value}.");
        }
    }
}
