using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using River.Database.Queries;
using River.Execution;
using River.Insertion;
using River.Leadership;
using River.Logging;
using River.Maintenance;
using River.Notifications;
using River.Services;
using River.Diagnostics;

namespace River;

/// <summary>
/// The River.Typed client: inserts jobs and, for the queues configured in <see cref="RiverClientOptions.Queues"/>,
/// fetches and works them. Thread-safe. One client per process and database is the usual shape; several are fine.
/// </summary>
/// <remarks>
/// Lifecycle: construct (options are validated at once), <see cref="StartAsync"/> (checks the database and the
/// schema version, then starts working), <see cref="StopAsync(CancellationToken)"/> (stops fetching, lets running jobs finish, writes
/// their outcomes; if its token is cancelled first, running jobs are cancelled and awaited), or
/// <see cref="StopAndCancelAsync"/>. A client that never starts can still insert.
/// </remarks>
public sealed partial class RiverClient : IRiverInserter, IAsyncDisposable
{
    /// <summary>The schema version (migration line <c>main</c>) this client needs.</summary>
    public const int RequiredSchemaVersion = 7;

    // Every field of the client, whatever partial uses it.
    private readonly RiverClientOptions _options;
    private readonly ClientContext _context;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly ILogger _logger;
    private readonly InsertPreparer _preparer;
    private readonly JobInserter _inserter;
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Dictionary<string, QueueProducer> _producers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Events.EventHub _events;
    private readonly object _maintenanceGate = new();
    private readonly Periodic.CodeDeclarations _declarations;
    private readonly Flow.FlowDeclarations _flow;
    private MaintenanceCoordinator? _maintenance;
    private BatchCompleter? _completer;
    private Notifier? _notifier;
    private NotificationRouter? _router;
    private LeaderElector? _elector;
    private Fleet.ClientHeartbeat? _heartbeat;
    private QueueDepthSampler? _depthSampler;
    private FlowSampler? _flowSampler;
    private List<RiverService> _services;
    private State _state;

    private enum State { New, Started, Stopped }

    /// <summary>Creates a client; validates the options.</summary>
    /// <exception cref="RiverConfigurationException">An option is invalid.</exception>
    public RiverClient(RiverClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _dataSource = options.DataSource!;
        _sql = new SchemaSql(options.Schema, options.PrepareStatements, options.DeleteCompletedJobs);
        ClientId = options.ClientId ?? DefaultClientId(options.TimeProvider.GetUtcNow());
        _context = new ClientContext(_dataSource, _sql, ClientId, options.TimeProvider, options.LoggerFactory ?? StandardErrorLogger.Factory.Instance, options);
        _logger = _context.Logger;
        _flow = Flow.FlowDeclarations.From(options);
        _preparer = new InsertPreparer(options.MaxAttempts, options.TimeProvider, options.DeleteCompletedJobs, _flow.SequencedQueues);
        _inserter = new JobInserter(_sql, options.TimeProvider);
        _events = _context.Events;
        _declarations = new Periodic.CodeDeclarations(_context, options.AppVersion);
        _services = BuildServices(); // built now so tests can initialise their signals before the start
        OutcomesWritten.Observe(_ => WakeLimitedProducers());
    }

    /// <summary>
    /// Subscribes to this client's events (all kinds when <paramref name="kinds"/> is empty). The subscription is a
    /// bounded channel of <paramref name="capacity"/> events: a subscriber that falls behind loses events (counted
    /// in <see cref="RiverEventSubscription.Dropped"/>), and never slows job completion. Job events come from jobs
    /// this client worked.
    /// </summary>
    public RiverEventSubscription SubscribeEvents(int capacity, params RiverEventKind[] kinds)
        => _events.Subscribe(capacity, kinds ?? []);

    /// <summary>
    /// Subscribes to this client's events of <paramref name="kinds"/> (all kinds when empty) with the default capacity
    /// of <see cref="DefaultEventSubscriptionCapacity"/> events (see <see cref="SubscribeEvents(int, RiverEventKind[])"/>).
    /// </summary>
    public RiverEventSubscription SubscribeEvents(params RiverEventKind[] kinds)
        => _events.Subscribe(DefaultEventSubscriptionCapacity, kinds ?? []);

    /// <summary>The capacity of an event subscription made without one: 1,000 events.</summary>
    public const int DefaultEventSubscriptionCapacity = 1000;

    /// <summary>This client's id (recorded in <c>attempted_by</c>).</summary>
    public string ClientId { get; }

    /// <summary>The options the client was created with.</summary>
    public RiverClientOptions Options => _options;

    internal SchemaSql Sql => _sql;

    internal NpgsqlDataSource DataSource => _dataSource;

    internal ILogger Logger => _logger;

    /// <summary>What this client's background services share.</summary>
    internal ClientContext Context => _context;

    /// <summary>Feeds the flow gauges (built with the client, so tests can initialise its signal before the start).</summary>
    internal FlowSampler FlowSampler => _flowSampler!;

    /// <summary>The producers by queue name (built with the client, running between start and stop).</summary>
    internal IReadOnlyDictionary<string, QueueProducer> Producers => _producers;

    /// <summary>
    /// Signalled after the completer writes a batch, with the ids of the jobs that changed: tests await it, the bench's
    /// probe observes it. The client's own signal, handed to every completer it builds (one survives a failed start).
    /// </summary>
    internal TestSignal<IReadOnlyList<long>> OutcomesWritten { get; } = new("completer.written");

    /// <summary>Whether this client is the leader (runs the maintenance services) right now.</summary>
    public bool IsLeader => _elector?.IsLeader ?? false;

    /// <summary>The state of the LISTEN connection; <see cref="NotifierState.Stopped"/> before start and in poll-only mode.</summary>
    public NotifierState NotifierState => _notifier?.State ?? NotifierState.Stopped;

    /// <summary>The notifier (null in poll-only mode).</summary>
    internal Notifier? Notifier => _notifier;

    internal LeaderElector? Elector => _elector;

    /// <summary>The registry heartbeat (null when <see cref="RiverClientOptions.RegisterClient"/> is false; tests).</summary>
    internal Fleet.ClientHeartbeat? Heartbeat => _heartbeat;

    internal BatchCompleter? Completer => _completer;

    /// <summary>Outcomes waiting to be written (0 before start).</summary>
    public int CompleterBacklog => _completer?.Backlog ?? 0;

    /// <summary>
    /// Checks that the database is reachable and migrated to version 7, then starts one producer per configured queue.
    /// </summary>
    /// <remarks>
    /// The services start in this order: registry heartbeat (registering refuses a ClientId held by a live client), completer, producers, notification router, notifier, leader elector (the
    /// maintenance services start when it wins), queue depth sampler. When one fails to start, the ones already
    /// started are stopped again and the client stays unstarted.
    /// </remarks>
    /// <exception cref="RiverStartupException">The database is unreachable or its River schema is missing or outdated.</exception>
    /// <exception cref="InvalidOperationException">The client was already started or stopped.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state != State.New)
            {
                throw new InvalidOperationException($"The client is {_state.ToString().ToLowerInvariant()}; a client starts once.");
            }
            await CheckSchemaAsync(cancellationToken).ConfigureAwait(false);
            await UpsertDeclaredSchedulesAsync(cancellationToken).ConfigureAwait(false);
            await UpsertDeclaredFlowAsync(cancellationToken).ConfigureAwait(false);
            foreach (var warning in StartupChecks.Collect(_options))
            {
                RiverLog.StartupWarning(_logger, warning);
            }
            try
            {
                await ServiceSequence.StartInOrderAsync(_services, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The sequence stopped what it had started; services start once, so a later start gets fresh ones.
                _producers.Clear();
                _services = BuildServices();
                throw;
            }
            _state = State.Started;
            RiverTelemetry.Register(this, _depthSampler!, _flowSampler!); // telemetry (River.Runtime/Diagnostics)
            RiverLog.ClientStarted(_logger, ClientId, _options.Schema, string.Join(", ", _producers.Keys));
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Builds the client's services, in start order.</summary>
    private List<RiverService> BuildServices()
    {
        var executor = JobExecutor.ForClient(_options, _logger);
        _completer = new BatchCompleter(_context, _events, OutcomesWritten);
        List<RiverService> services = [];
        _heartbeat = _options.RegisterClient ? new Fleet.ClientHeartbeat(_context, () => _producers.Values.Sum(p => p.RunningCount)) : null;
        if (_heartbeat is not null)
        {
            services.Add(_heartbeat); // first: a refused ClientId fails the start before any job is fetched
        }
        services.Add(_completer);
        foreach (var queue in _options.Queues)
        {
            var producer = new QueueProducer(queue, _context, executor, _completer, _hardStop.Token)
            {
                PausedChanged = (name, paused) => _events.Publish(
                    new RiverEvent(paused ? RiverEventKind.QueuePaused : RiverEventKind.QueueResumed, null, null, name)),
            };
            producer.Wake(); // fetch at once
            _producers.Add(queue.Name, producer);
            services.Add(producer);
        }
        _elector = new LeaderElector(_context);
        _elector.OnLeadershipChanged(Maintenance.OnLeadershipChangedAsync);
        if (!_options.PollOnly)
        {
            _notifier = new Notifier(_context);
            _router = new NotificationRouter(_context, _notifier, _producers, _elector);
            services.Add(_router);
            services.Add(_notifier);
        }
        services.Add(_elector);
        _depthSampler = new QueueDepthSampler(_context, _producers.Keys);
        services.Add(_depthSampler);
        _flowSampler = new FlowSampler(_context);
        services.Add(_flowSampler);
        return services;
    }

    /// <summary>
    /// Stops fetching, waits for running jobs to finish and writes their outcomes. When
    /// <paramref name="cancellationToken"/> is cancelled before jobs finish, their tokens are cancelled and the
    /// client still waits for them to return (so nothing is left running). Idempotent; safe before start.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopCoreAsync(cancelJobs: false, timeout: null, cancellationToken);

    /// <summary>
    /// Stops fetching and waits up to <paramref name="timeout"/> for running jobs to finish (logged as "waiting up to
    /// 30 s for 2 running jobs"); then cancels their tokens and still waits for them to return, so nothing is left
    /// running, and writes their outcomes. <paramref name="cancellationToken"/> cancels the jobs earlier.
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits without a limit. Idempotent; safe before start.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative or zero (and not infinite).</exception>
    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The stop timeout must be positive or Timeout.InfiniteTimeSpan.");
        }
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeout);
        }
        await StopCoreAsync(cancelJobs: false, timeout, limit.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Like <see cref="StopAsync(CancellationToken)"/>, called by <see cref="RiverHostedService"/> with the host's
    /// shutdown token: the wait is logged as lasting until the host's shutdown timeout.
    /// </summary>
    internal Task StopForHostAsync(CancellationToken cancellationToken) => StopCoreAsync(cancelJobs: false, timeout: null, cancellationToken, hosted: true);

    /// <summary>
    /// Stops fetching, cancels the tokens of running jobs at once, waits for them and writes their outcomes.
    /// The jobs' tokens are cancelled before the wait begins, so <paramref name="cancellationToken"/> changes nothing
    /// more; it is taken so every lifecycle call has the same shape. The call returns once every job has returned.
    /// </summary>
    public Task StopAndCancelAsync(CancellationToken cancellationToken = default) => StopCoreAsync(cancelJobs: true, timeout: null, cancellationToken);

    /// <summary>
    /// The stop order: depth sampling; fetching (every producer); the workers drain (or are cancelled); the completer
    /// flushes; the elector resigns (which stops the maintenance services); the notifier closes its connection (the
    /// router ends with it).
    /// </summary>
    private async Task StopCoreAsync(bool cancelJobs, TimeSpan? timeout, CancellationToken cancellationToken, bool hosted = false)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_state != State.Started)
            {
                _state = State.Stopped;
                return;
            }
            if (cancelJobs)
            {
                await _hardStop.CancelAsync().ConfigureAwait(false);
            }
            RiverTelemetry.Unregister(this); // telemetry (River.Runtime/Diagnostics)
            await _depthSampler!.StopAsync().ConfigureAwait(false);
            await _flowSampler!.StopAsync().ConfigureAwait(false);
            await Task.WhenAll(_producers.Values.Select(p => p.StopAsync())).ConfigureAwait(false);
            if (!cancelJobs && _producers.Values.Sum(p => p.RunningCount) is var running and > 0)
            {
                LogWait(running, timeout, cancellationToken, hosted);
            }
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            await _completer!.StopAsync().ConfigureAwait(false);
            if (_heartbeat is not null)
            {
                await _heartbeat.StopAsync().ConfigureAwait(false); // every job done and written: leave the registry
            }
            await _elector!.StopAsync().ConfigureAwait(false); // resigning stops the maintenance services first
            await StopMaintenanceAsync().ConfigureAwait(false);
            if (_notifier is not null)
            {
                await _notifier.StopAsync().ConfigureAwait(false);
                await _router!.StopAsync().ConfigureAwait(false);
            }
            _state = State.Stopped;
            RiverLog.ClientStopped(_logger, ClientId);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>The graceful stop's wait, in the words of its real limit: a timeout, the host's shutdown timeout, a token, or none.</summary>
    private void LogWait(int running, TimeSpan? timeout, CancellationToken cancellationToken, bool hosted)
    {
        if (timeout is { } limit && limit != Timeout.InfiniteTimeSpan)
        {
            RiverLog.WaitingForJobs(_logger, StopTimeoutText.Format(limit), running);
        }
        else if (hosted && cancellationToken.CanBeCanceled)
        {
            RiverLog.WaitingForJobsUntilCancelled(_logger, running, "the host's shutdown timeout (HostOptions.ShutdownTimeout, 30 s by default) runs out");
        }
        else if (timeout is null && cancellationToken.CanBeCanceled)
        {
            RiverLog.WaitingForJobsUntilCancelled(_logger, running, "the stop's cancellation token fires");
        }
        else
        {
            RiverLog.WaitingForJobsUntilCancelled(_logger, running, "never: the stop has no time limit");
        }
    }

    /// <summary>Waits for the running jobs; when <paramref name="cancellationToken"/> fires first, cancels them and still waits.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var drained = Task.WhenAll(_producers.Values.Select(p => p.Drained));
        try
        {
            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            RiverLog.HardStop(_logger, _producers.Values.Sum(p => p.RunningCount));
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await drained.ConfigureAwait(false);
        }
    }

    /// <summary>Stops the client gracefully (see <see cref="StopAsync(CancellationToken)"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _hardStop.Dispose();
    }

    private async Task CheckSchemaAsync(CancellationToken cancellationToken)
    {
        long? version;
        try
        {
            await using var cmd = _dataSource.CreateCommand(_sql.MigrationVersion);
            var value = await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            version = value is long v ? v : null;
        }
        catch (PostgresException e) when (SchemaMissing.Is(e))
        {
            throw new RiverStartupException(SchemaMissing.Message(_options.Schema, e), e);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new RiverStartupException($"The database is unreachable: {e.Message}", e);
        }
        if (version is null || version < RequiredSchemaVersion)
        {
            throw new RiverStartupException(MigrationCatalog.OutdatedSchemaMessage(_options.Schema, version));
        }

        // Line typed (the leader fence, the client registry) is required too: a client without it would lead unfenced.
        await using (var typed = _dataSource.CreateCommand(_sql.TypedMigrationVersion))
        {
            var value = await typed.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            var typedVersion = value is long v ? v : (long?)null;
            if (typedVersion is null || typedVersion < MigrationCatalog.Typed.LatestVersion)
            {
                throw new RiverStartupException(MigrationCatalog.OutdatedTypedLineMessage(_options.Schema, typedVersion));
            }
        }
    }

    private static string DefaultClientId(DateTimeOffset now)
    {
        var host = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        if (host.Length == 0)
        {
            host = "host";
        }
        if (host.Length > 60)
        {
            host = host[..60];
        }
        // River's format (host_time to the microsecond), made unique within the process: two clients built in the same
        // microsecond (or on one fake clock) get distinct ids, since the registry refuses a second live client with one id.
        long ticks, last;
        do
        {
            last = Interlocked.Read(ref _lastDefaultIdTicks);
            ticks = Math.Max(now.UtcTicks, last + TimeSpan.TicksPerMicrosecond);
        }
        while (Interlocked.CompareExchange(ref _lastDefaultIdTicks, ticks, last) != last);
        return host + "_" + new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy_MM_ddTHH_mm_ss_ffffff", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long _lastDefaultIdTicks;
}
