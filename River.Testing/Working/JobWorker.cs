using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using River.Database.Queries;
using River.Execution;
using River.Insertion;

namespace River.Testing;

/// <summary>
/// Works single jobs through the real executor inside a test's transaction, like River's <c>rivertest.Worker</c>:
/// the job is inserted (or taken as it is), started the way a fetch starts it, worked by the worker with the
/// client's timeout, retry policy, services, clock, worker middleware, hooks and scheduler interval (a retry due
/// within it goes straight back to available), and its outcome written with the completer's statement —
/// all in the caller's transaction, so rolling it back leaves nothing behind. No client, producer or completer runs.
/// </summary>
/// <remarks>
/// Clock: the executor takes "now" from <see cref="RiverClientOptions.TimeProvider"/>, so with a
/// <c>FakeTimeProvider</c> (package Microsoft.Extensions.TimeProvider.Testing) retry and snooze times are computed
/// from the fake time; timestamps PostgreSQL sets itself (<c>attempted_at</c>, <c>created_at</c>) stay real.
/// </remarks>
/// <example>
/// <code>
/// var worker = new JobWorker&lt;SendEmail&gt;(new SendEmailWorker(fakeMailer));
/// await using var tx = await connection.BeginTransactionAsync();
/// var result = await worker.WorkAsync(tx, new SendEmail("a@example.com", "hi"));
/// Assert.Equal(WorkOutcome.Completed, result.Outcome);
/// </code>
/// </example>
/// <typeparam name="TArgs">The job args type; its definition must be registered (generated).</typeparam>
public sealed class JobWorker<TArgs> where TArgs : notnull
{
    /// <summary>The client id recorded in <c>attempted_by</c> when the options name none.</summary>
    public const string DefaultClientId = "river-test-worker";

    private readonly JobDefinition<TArgs> _definition;
    private readonly JobExecutor _executor;
    private readonly InsertPreparer _preparer;
    private readonly JobInserter _inserter;
    private readonly SchemaSql _sql;
    private readonly string _clientId;

    /// <summary>The statements this helper runs (the schema's shared ones).</summary>
    internal SchemaSql Sql => _sql;

    /// <summary>Creates a helper that works jobs with <paramref name="worker"/> (reused for every job).</summary>
    /// <param name="worker">The worker under test.</param>
    /// <param name="options">
    /// The client options to work with (schema, job timeout, retry policy, default max attempts, services, clock,
    /// client id, logger, worker middleware, hooks, <see cref="MaintenanceOptions.SchedulerInterval"/>);
    /// <see cref="RiverClientOptions.DataSource"/>, queues and workers are ignored.
    /// </param>
    public JobWorker(Worker<TArgs> worker, RiverClientOptions? options = null)
        : this(WorkerFactory(worker), options)
    {
    }

    /// <summary>Creates a helper whose worker is created by <paramref name="factory"/> in each job's service scope.</summary>
    public JobWorker(Func<IServiceProvider, Worker<TArgs>> factory, RiverClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        options ??= new RiverClientOptions();
        var problems = new List<string>();
        if (JobOptionRules.ValidateSchemaName(options.Schema) is { } schemaError)
        {
            problems.Add(schemaError);
        }
        if (options.ClientId is not null && JobOptionRules.ValidateClientId(options.ClientId) is { } clientIdError)
        {
            problems.Add(clientIdError);
        }
        if (JobOptionRules.ValidateMaxAttempts(options.MaxAttempts) is { } maxAttemptsError)
        {
            problems.Add(maxAttemptsError);
        }
        var time = options.TimeProvider;
        if (time is null)
        {
            problems.Add("TimeProvider must not be null.");
        }
        if (problems.Count > 0)
        {
            throw new RiverConfigurationException(problems);
        }

        _definition = JobDefinition.For<TArgs>();
        var workers = new RiverWorkers().Add(_definition, factory);
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("River.Testing");
        // As the client's executor (JobExecutor.ForClient), with this worker only.
        _executor = new JobExecutor(workers, options.Services, options.RetryPolicy, time!, options.JobTimeout,
            options.Maintenance.SchedulerInterval, logger, [.. options.WorkerMiddleware], [.. options.Hooks]);
        _preparer = new InsertPreparer(options.MaxAttempts, time!);
        _sql = SchemaSql.ForSchema(options.Schema); // validated above; one statements object per schema
        _inserter = new JobInserter(_sql, time!);
        _clientId = options.ClientId ?? DefaultClientId;
    }

    /// <summary>Inserts a job with <paramref name="args"/> inside <paramref name="transaction"/> and works it once.</summary>
    /// <exception cref="ArgumentException">An insert option is invalid.</exception>
    public async Task<WorkResult> WorkAsync(NpgsqlTransaction transaction, TArgs args, InsertOptions? opts = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var connection = ConnectionOf(transaction);
        var prepared = _preparer.Prepare(_definition, ArgsEncoding.Encode(_definition, args), opts);
        var inserted = await _inserter.InsertAsync(connection, transaction, [prepared], cancellationToken).ConfigureAwait(false);
        return await WorkCoreAsync(connection, transaction, inserted[0].Job.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Works an existing job once inside <paramref name="transaction"/>, whatever its state or scheduled time, unless it
    /// is running or finalized.
    /// </summary>
    /// <exception cref="InvalidOperationException">The job does not exist, is of another kind, is running or is finalized.</exception>
    public Task<WorkResult> WorkJobAsync(NpgsqlTransaction transaction, long jobId, CancellationToken cancellationToken = default)
        => WorkCoreAsync(ConnectionOf(transaction), transaction, jobId, cancellationToken);

    private async Task<WorkResult> WorkCoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long jobId, CancellationToken cancellationToken)
    {
        var row = await StartAttemptAsync(connection, transaction, jobId, cancellationToken).ConfigureAwait(false);
        var completion = await _executor.ExecuteAsync(row, cancellationToken).ConfigureAwait(false);
        await WriteOutcomeAsync(connection, transaction, completion, cancellationToken).ConfigureAwait(false);

        JobRow final;
        await using (var cmd = new NpgsqlCommand(_sql.GetById, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<long>("id", jobId));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            final = JobRowReader.Read(reader);
        }
        var error = completion.ErrorJson is { } json ? JobRowReader.ReadErrors([json])[0] : null;
        return new WorkResult(OutcomeOf(completion, final), final, error, OutputOf(final));
    }

    private async Task<JobRow> StartAttemptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long jobId, CancellationToken cancellationToken)
    {
        await using (var cmd = new NpgsqlCommand(_sql.Testing.StartAttempt, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<long>("id", jobId));
            cmd.Parameters.Add(new NpgsqlParameter<string>("client_id", _clientId));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = JobRowReader.Read(reader);
                if (row.Kind != _definition.Kind)
                {
                    throw new InvalidOperationException($"Job {jobId} is of kind '{row.Kind}', but this JobWorker works kind '{_definition.Kind}'.");
                }
                return row;
            }
        }
        await using (var cmd = new NpgsqlCommand(_sql.GetById, connection, transaction))
        {
            cmd.Parameters.Add(new NpgsqlParameter<long>("id", jobId));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Job {jobId} does not exist (in this transaction's view).");
            }
            var existing = JobRowReader.Read(reader);
            throw new InvalidOperationException($"Job {jobId} is {existing.State.ToString().ToLowerInvariant()}; only a job that is neither running nor finalized can be worked.");
        }
    }

    /// <summary>Writes the outcome with the completer's own statement (one row), so the state rules are the real ones.</summary>
    private async Task WriteOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, JobCompletion c, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(_sql.SetStatesIfRunning, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", [c.JobId]));
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("states", [JobStateNames.ToDb(c.State)]));
        cmd.Parameters.Add(new NpgsqlParameter<DateTime?[]>("finalized_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [c.FinalizedAt?.UtcDateTime] });
        cmd.Parameters.Add(new NpgsqlParameter<DateTime?[]>("scheduled_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [c.ScheduledAt?.UtcDateTime] });
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = [c.ErrorJson] });
        cmd.Parameters.Add(new NpgsqlParameter<bool[]>("snoozed", [c.Snoozed]));
        cmd.Parameters.Add(new NpgsqlParameter<string?[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = [c.MetadataPatchJson] });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }

    private static WorkOutcome OutcomeOf(JobCompletion completion, JobRow final) => final.State switch
    {
        JobState.Completed => WorkOutcome.Completed,
        JobState.Cancelled => WorkOutcome.Cancelled,
        JobState.Discarded => WorkOutcome.Discarded,
        _ when completion.Snoozed => WorkOutcome.Snoozed,
        _ => WorkOutcome.Failed,
    };

    private static string? OutputOf(JobRow row)
    {
        using var doc = JsonDocument.Parse(row.Metadata);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("output", out var output)
            ? output.GetRawText()
            : null;
    }

    private static Func<IServiceProvider, Worker<TArgs>> WorkerFactory(Worker<TArgs> worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return _ => worker;
    }

    private static NpgsqlConnection ConnectionOf(NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Connection ?? throw new ArgumentException("The transaction is already committed or rolled back.", nameof(transaction));
    }
}
