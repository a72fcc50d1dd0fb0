using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Execution;
using River.Insertion;
using River.Leadership;
using River.Logging;
using River.Notifications;

namespace River;

/// <summary>
/// The River.Typed client: inserts jobs and, for the queues configured in <see cref="RiverClientOptions.Queues"/>,
/// fetches and works them. Thread-safe. One client per process and database is the usual shape; several are fine.
/// </summary>
/// <remarks>
/// Lifecycle: construct (options are validated at once), <see cref="StartAsync"/> (checks the database and the
/// schema version, then starts working), <see cref="StopAsync"/> (stops fetching, lets running jobs finish, writes
/// their outcomes; if its token is cancelled first, running jobs are cancelled and awaited), or
/// <see cref="StopAndCancelAsync"/>. A client that never starts can still insert.
/// </remarks>
public sealed partial class RiverClient : IRiverInserter, IAsyncDisposable
{
    /// <summary>The schema version (migration line <c>main</c>) this client needs.</summary>
    public const int RequiredSchemaVersion = 7;

    private readonly RiverClientOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaSql _sql;
    private readonly ILogger _logger;
    private readonly InsertPreparer _preparer;
    private readonly JobInserter _inserter;
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Dictionary<string, QueueProducer> _producers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly List<Task> _listeners = [];
    private readonly Events.EventHub _events;
    private BatchCompleter? _completer;
    private Notifier? _notifier;
    private LeaderElector? _elector;
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
        _sql = new SchemaSql(options.Schema, options.PrepareStatements);
        _logger = (options.LoggerFactory ?? StandardErrorLogger.Factory.Instance).CreateLogger("River");
        ClientId = options.ClientId ?? DefaultClientId(options.TimeProvider.GetUtcNow());
        _preparer = new InsertPreparer(options.MaxAttempts, options.TimeProvider);
        _inserter = new JobInserter(_sql);
        _events = new Events.EventHub(_logger);
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

    /// <summary>The producers by queue name (empty before start).</summary>
    internal IReadOnlyDictionary<string, QueueProducer> Producers => _producers;

    /// <summary>Raised after the completer writes a batch, with the ids of the jobs that changed (tests wait on it).</summary>
    internal event Action<IReadOnlyList<long>>? OutcomesWritten;

    /// <summary>Whether this client is the leader (runs the maintenance services) right now.</summary>
    public bool IsLeader => _elector?.IsLeader ?? false;

    /// <summary>The state of the LISTEN connection; <see cref="NotifierState.Stopped"/> before start and in poll-only mode.</summary>
    public NotifierState NotifierState => _notifier?.State ?? NotifierState.Stopped;

    internal Notifier? Notifier => _notifier;

    internal LeaderElector? Elector => _elector;

    /// <summary>Outcomes waiting to be written (0 before start).</summary>
    public int CompleterBacklog => _completer?.Backlog ?? 0;

    /// <summary>
    /// Checks that the database is reachable and migrated to version 7, then starts one producer per configured queue.
    /// </summary>
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
            foreach (var warning in StartupChecks.Collect(_options))
            {
                RiverLog.StartupWarning(_logger, warning);
            }

            var executor = JobExecutor.ForClient(_options, _logger);
            _completer = new BatchCompleter(_dataSource, _sql, _logger, events: _events, time: _options.TimeProvider);
            _completer.Written += ids => OutcomesWritten?.Invoke(ids);
            _completer.Start();
            foreach (var queue in _options.Queues)
            {
                var producer = new QueueProducer(queue, _dataSource, _sql, ClientId, executor, _completer, _options.TimeProvider,
                    _options.FetchCooldown, _options.FetchPollInterval, _hardStop.Token, _logger);
                producer.PausedChanged = (name, paused) => _events.Publish(
                    new RiverEvent(paused ? RiverEventKind.QueuePaused : RiverEventKind.QueueResumed, null, null, name));
                _producers.Add(queue.Name, producer);
                producer.Start();
                producer.Wake();
            }
            _elector = new LeaderElector(_dataSource, _sql, ClientId, _options.TimeProvider, _logger, _options.LeaderElectInterval, _options.LeaderTtl);
            var maintenance = StartMaintenance();
            _elector.OnLeadershipChanged(maintenance.OnLeadershipChangedAsync);
            if (!_options.PollOnly)
            {
                StartNotifier();
            }
            _elector.Start();
            _state = State.Started;
            StartDiagnostics(); // telemetry (River.Runtime/Diagnostics)
            RiverLog.ClientStarted(_logger, ClientId, _options.Schema, string.Join(", ", _producers.Keys));
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops fetching, waits for running jobs to finish and writes their outcomes. When
    /// <paramref name="cancellationToken"/> is cancelled before jobs finish, their tokens are cancelled and the
    /// client still waits for them to return (so nothing is left running). Idempotent; safe before start.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopCoreAsync(cancelJobs: false, cancellationToken);

    /// <summary>
    /// Stops fetching, cancels the tokens of running jobs at once, waits for them and writes their outcomes.
    /// The jobs' tokens are cancelled before the wait begins, so <paramref name="cancellationToken"/> changes nothing
    /// more; it is taken so every lifecycle call has the same shape. The call returns once every job has returned.
    /// </summary>
    public Task StopAndCancelAsync(CancellationToken cancellationToken = default) => StopCoreAsync(cancelJobs: true, cancellationToken);

    private async Task StopCoreAsync(bool cancelJobs, CancellationToken cancellationToken)
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
            await StopDiagnosticsAsync().ConfigureAwait(false); // telemetry (River.Runtime/Diagnostics)
            await Task.WhenAll(_producers.Values.Select(p => p.StopFetchingAsync())).ConfigureAwait(false);
            var drained = Task.WhenAll(_producers.Values.Select(p => p.Drained));
            if (!cancelJobs && _producers.Values.Sum(p => p.RunningCount) is var running and > 0)
            {
                RiverLog.WaitingForJobs(_logger, running);
            }
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
            await _completer!.StopAsync().ConfigureAwait(false);
            await _elector!.DisposeAsync().ConfigureAwait(false); // resigning stops the maintenance services first
            await StopMaintenanceAsync().ConfigureAwait(false);
            if (_notifier is not null)
            {
                await _notifier.DisposeAsync().ConfigureAwait(false);
                await Task.WhenAll(_listeners).ConfigureAwait(false);
            }
            _state = State.Stopped;
            RiverLog.ClientStopped(_logger, ClientId);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the client gracefully (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _hardStop.Dispose();
    }

    /// <summary>Inserts one job in its own transaction.</summary>
    /// <exception cref="ArgumentException">An option or the args are invalid (nothing was written).</exception>
    public async Task<InsertResult> InsertAsync<TArgs>(TArgs args, InsertOptions? opts = null, CancellationToken cancellationToken = default)
        where TArgs : notnull
        => (await InsertManyAsync([JobInsertRequest.Create(args, opts)], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Inserts one job inside the caller's transaction: the job exists only if the caller commits. The insert
    /// notification is part of the same transaction.
    /// </summary>
    /// <exception cref="ArgumentException">An option or the args are invalid (nothing was written).</exception>
    public async Task<InsertResult> InsertAsync<TArgs>(TArgs args, NpgsqlTransaction transaction, InsertOptions? opts = null, CancellationToken cancellationToken = default)
        where TArgs : notnull
        => (await InsertManyAsync([JobInsertRequest.Create(args, opts)], transaction, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Inserts many jobs in one statement and its own transaction; results come back in input order.</summary>
    public Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, CancellationToken cancellationToken = default)
        => InsertPipelineAsync(jobs, async (prepared, ct) =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            var results = await _inserter.InsertAsync(connection, null, prepared, ct).ConfigureAwait(false);
            foreach (var job in prepared)
            {
                WakeLocal(job);
            }
            return results;
        }, cancellationToken);

    /// <summary>Inserts many jobs in one statement inside the caller's transaction; results come back in input order.</summary>
    public Task<IReadOnlyList<InsertResult>> InsertManyAsync(IEnumerable<JobInsertRequest> jobs, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        var connection = ConnectionOf(transaction);
        return InsertPipelineAsync(jobs, async (prepared, ct) =>
            await _inserter.InsertAsync(connection, transaction, prepared, ct).ConfigureAwait(false), cancellationToken);
    }

    /// <summary>
    /// The bulk path: inserts many jobs with binary COPY and returns how many were written. Unique jobs are refused
    /// (use <see cref="InsertManyAsync(IEnumerable{JobInsertRequest}, CancellationToken)"/>); jobs that are pending or
    /// scheduled in the future go through the regular insert in the same transaction. Insert middleware sees the
    /// batch but gets no rows back from this path.
    /// </summary>
    /// <exception cref="ArgumentException">A job is unique, or an option is invalid (nothing was written).</exception>
    public async Task<long> InsertManyFastAsync(IEnumerable<JobInsertRequest> jobs, CancellationToken cancellationToken = default)
    {
        long count = 0;
        await InsertPipelineAsync(jobs, async (prepared, ct) =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            count = await CopyCoreAsync(prepared, connection, transaction, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            foreach (var producer in _producers.Values)
            {
                producer.Wake();
            }
            return [];
        }, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>The bulk path inside the caller's transaction (see <see cref="InsertManyFastAsync(IEnumerable{JobInsertRequest}, CancellationToken)"/>).</summary>
    public async Task<long> InsertManyFastAsync(IEnumerable<JobInsertRequest> jobs, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
    {
        var connection = ConnectionOf(transaction);
        long count = 0;
        await InsertPipelineAsync(jobs, async (prepared, ct) =>
        {
            count = await CopyCoreAsync(prepared, connection, transaction, ct).ConfigureAwait(false);
            return [];
        }, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>
    /// Every insert goes through here: insert middleware (first registered outermost) around insert-begin hooks,
    /// validation and the write.
    /// </summary>
    private Task<IReadOnlyList<InsertResult>> InsertPipelineAsync(IEnumerable<JobInsertRequest> jobs,
        Func<IReadOnlyList<PreparedInsert>, CancellationToken, Task<IReadOnlyList<InsertResult>>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        IReadOnlyList<JobInsertRequest> list = jobs as IReadOnlyList<JobInsertRequest> ?? jobs.ToList();
        Func<IReadOnlyList<JobInsertRequest>, CancellationToken, Task<IReadOnlyList<InsertResult>>> next = async (batch, ct) =>
        {
            foreach (var hook in _options.Hooks)
            {
                if (hook is IInsertBeginHook begin)
                {
                    foreach (var job in batch)
                    {
                        await begin.OnInsertBeginAsync(job, ct).ConfigureAwait(false);
                    }
                }
            }
            var prepared = PrepareMany(batch);
            try
            {
                return await write(prepared, ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (SchemaMissing.Is(e))
            {
                throw new RiverSchemaMissingException(SchemaMissing.Message(_options.Schema, e), e);
            }
        };
        for (var i = _options.InsertMiddleware.Count - 1; i >= 0; i--)
        {
            var middleware = _options.InsertMiddleware[i];
            var inner = next;
            next = (batch, ct) => middleware.InsertManyAsync(batch, inner, ct);
        }
        return next(list, cancellationToken);
    }

    private async Task<long> CopyCoreAsync(IReadOnlyList<PreparedInsert> prepared, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var copy = new List<PreparedInsert>(prepared.Count);
        var regular = new List<PreparedInsert>();
        foreach (var job in prepared)
        {
            if (job.UniqueKey is not null)
            {
                throw new ArgumentException($"The bulk insert path does not insert unique jobs (kind '{job.Kind}'); use InsertManyAsync.", "jobs");
            }
            (job.State == JobState.Available ? copy : regular).Add(job);
        }
        long count = 0;
        if (copy.Count > 0)
        {
            count += await _inserter.CopyAsync(connection, copy, cancellationToken).ConfigureAwait(false);
            var notify = new NpgsqlCommand(_sql.NotifyInsert, connection, transaction);
            await using (notify.ConfigureAwait(false))
            {
                _sql.AddNotifyInsertParameters(notify.Parameters, copy.Select(j => j.Queue).Distinct(StringComparer.Ordinal).ToArray());
                await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        if (regular.Count > 0)
        {
            count += (await _inserter.InsertAsync(connection, transaction, regular, cancellationToken).ConfigureAwait(false)).Length;
        }
        return count;
    }

    private void StartNotifier()
    {
        _notifier = new Notifier(_dataSource, _options.Schema, _logger, onUnhealthy: _options.OnNotifierUnhealthy);
        if (_producers.Count > 0)
        {
            var inserts = _notifier.Subscribe(_sql.InsertChannel);
            _listeners.Add(Task.Run(() => ListenInsertsAsync(inserts)));
        }
        var control = _notifier.Subscribe(_sql.ControlChannel);
        _listeners.Add(Task.Run(() => ListenControlAsync(control)));
        var leadership = _notifier.Subscribe(_sql.LeadershipChannel);
        _listeners.Add(Task.Run(() => ListenLeadershipAsync(leadership)));
        _notifier.Start();
    }

    /// <summary>Wakes the producer of the notified queue (all producers after a reconnect).</summary>
    private async Task ListenInsertsAsync(NotifierSubscription subscription)
    {
        using var _ = subscription;
        await foreach (var n in subscription.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (n.MaybeMissed)
            {
                foreach (var producer in _producers.Values)
                {
                    producer.Wake();
                }
            }
            else if (NotificationPayloads.InsertQueue(n.Payload) is { } queue && _producers.TryGetValue(queue, out var producer))
            {
                producer.Wake();
            }
        }
    }

    /// <summary>Applies control messages: cancel a running job of this client; pause/resume a queue (or all, <c>*</c>).</summary>
    private async Task ListenControlAsync(NotifierSubscription subscription)
    {
        using var _ = subscription;
        await foreach (var n in subscription.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (n.MaybeMissed)
            {
                continue;
            }
            var message = NotificationPayloads.ParseControl(n.Payload);
            switch (message.Action)
            {
                case "cancel" when message.JobId is { } jobId:
                    foreach (var producer in _producers.Values)
                    {
                        if (producer.CancelRunningJob(jobId))
                        {
                            break;
                        }
                    }
                    break;
                case "pause" or "resume" when message.Queue is { } queue:
                    foreach (var producer in _producers.Values)
                    {
                        if (queue == "*" || producer.Queue == queue)
                        {
                            producer.Paused = message.Action == "pause";
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>A resignation makes followers bid at once; a resign request for this client makes it resign.</summary>
    private async Task ListenLeadershipAsync(NotifierSubscription subscription)
    {
        using var _ = subscription;
        await foreach (var n in subscription.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var message = n.MaybeMissed ? default : NotificationPayloads.ParseLeadership(n.Payload);
            if (n.MaybeMissed || message.Action == "resigned")
            {
                _elector?.Wake();
            }
            else if (message.Action == "request_resign" && (message.LeaderId is null || message.LeaderId == ClientId))
            {
                _elector?.RequestResign();
            }
        }
    }

    /// <summary>Reads a job by id, or returns <see langword="null"/>.</summary>
    public async Task<JobRow?> GetJobAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand(_sql.GetById);
        cmd.Parameters.Add(new NpgsqlParameter<long>("id", id));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? JobRowReader.Read(reader) : null;
    }

    private List<PreparedInsert> PrepareMany(IReadOnlyList<JobInsertRequest> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var prepared = new List<PreparedInsert>();
        foreach (var job in jobs)
        {
            ArgumentNullException.ThrowIfNull(job, nameof(jobs));
            prepared.Add(_preparer.Prepare(job.Definition, job.EncodedArgs, job.Options));
        }
        return prepared;
    }

    private void WakeLocal(PreparedInsert job)
    {
        if (job.State == JobState.Available && _producers.TryGetValue(job.Queue, out var producer))
        {
            producer.Wake();
        }
    }

    /// <summary>The connection of a transaction the caller passed; refuses one that is already finished.</summary>
    internal static NpgsqlConnection ConnectionOf(NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection ?? throw new ArgumentException("The transaction is already committed or rolled back.", nameof(transaction));
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
            throw new RiverStartupException(
                $"River's schema in '{_options.Schema}' is at version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, but this client needs version {RequiredSchemaVersion}. Run `river migrate-up`.");
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
        return host + "_" + now.UtcDateTime.ToString("yyyy_MM_ddTHH_mm_ss_ffffff", System.Globalization.CultureInfo.InvariantCulture);
    }
}
