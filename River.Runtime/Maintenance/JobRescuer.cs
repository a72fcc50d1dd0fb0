using System.Buffers;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using River.Database.Queries;
using River.Diagnostics;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// The rescuer (every <see cref="MaintenanceOptions.RescuerInterval"/>, 30 s): a running job whose attempt started
/// more than <see cref="MaintenanceOptions.RescueStuckJobsAfter"/> (1 h) ago belongs to a client that died or lost
/// it. It becomes <c>cancelled</c> when a cancel was requested (<c>metadata.cancel_attempted_at</c>),
/// <c>discarded</c> when it has used all its attempts, and <c>retryable</c> at the retry policy's next time
/// otherwise. Each rescue appends the error <see cref="MaintenanceDefaults.RescuedError"/> and increments
/// <c>metadata."river:rescue_count"</c>. A job that finishes meanwhile is left alone (only running rows change).
/// </summary>
internal sealed class JobRescuer : MaintenanceService
{
    private static readonly JsonWriterOptions ErrorWriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IRetryPolicy _retryPolicy;
    private readonly IRetryPolicy _fallbackPolicy = new DefaultRetryPolicy();

    public JobRescuer(MaintenanceContext context, IRetryPolicy? retryPolicy)
        : base("rescuer", context, context.Options.RescuerBatchSize)
    {
        _retryPolicy = retryPolicy ?? _fallbackPolicy;
    }

    protected override TimeSpan NextDelay(DateTimeOffset now) => Context.Options.RescuerInterval;

    protected override Task<int> RunCoreAsync(CancellationToken cancellationToken) => RunBatchesAsync(RescueBatchAsync, cancellationToken);

    private async Task<int> RescueBatchAsync(int max, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var horizon = now - Context.Options.RescueStuckJobsAfter;
        await using var connection = await Context.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stuck = new List<JobRow>();
        await using (var select = new NpgsqlCommand(Context.Sql.GetStuck, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter<DateTime>("horizon", horizon.UtcDateTime));
            select.Parameters.Add(new NpgsqlParameter<int>("max", max));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stuck.Add(JobRowReader.Read(reader));
            }
        }
        if (stuck.Count == 0)
        {
            return 0;
        }

        var outcome = await RescueRowsAsync(connection, transaction, stuck, now, _ => (MaintenanceDefaults.RescuedError, RescueCause.Horizon), "rescuer", cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        outcome.Report(Context.Client);
        return stuck.Count;
    }

    /// <summary>
    /// Writes the rescue of <paramref name="rows"/> (locked by the caller's transaction): each job's next state by
    /// <see cref="Decide"/>, the error and cause <paramref name="describe"/> gives, the rescue count; fenced. Logs and
    /// counts <c>river.maintenance.jobs</c> by <paramref name="service"/>. The caller commits, then calls
    /// <see cref="RescueOutcome.Report"/> on the result (the rescue metric and events).
    /// </summary>
    internal async Task<RescueOutcome> RescueRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        List<JobRow> rows, DateTimeOffset now, Func<JobRow, (string Error, RescueCause Cause)> describe, string service, CancellationToken cancellationToken)
    {
        var outcome = new RescueOutcome();
        var stuck = rows;
        var ids = new long[stuck.Count];
        var states = new string[stuck.Count];
        var finalizedAt = new DateTime?[stuck.Count];
        var scheduledAt = new DateTime?[stuck.Count];
        var errors = new string[stuck.Count];
        for (var i = 0; i < stuck.Count; i++)
        {
            var row = stuck[i];
            ids[i] = row.Id;
            var (error, cause) = describe(row);
            errors[i] = ErrorJson(now, row.Attempt, error);
            var (state, next) = Decide(row, now);
            states[i] = JobStateNames.ToDb(state);
            outcome.Add(row, cause, state);
            switch (state)
            {
                case JobState.Retryable:
                    scheduledAt[i] = next.UtcDateTime;
                    break;
                default:
                    finalizedAt[i] = now.UtcDateTime;
                    break;
            }
        }
        await using (var update = new NpgsqlCommand(Context.Sql.Rescue, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
            Context.Client.Fence.AddParameter(update.Parameters);
            update.Parameters.Add(new NpgsqlParameter<string[]>("states", states));
            update.Parameters.Add(new NpgsqlParameter<DateTime?[]>("finalized_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = finalizedAt });
            update.Parameters.Add(new NpgsqlParameter<DateTime?[]>("scheduled_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = scheduledAt });
            update.Parameters.Add(new NpgsqlParameter<string[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = errors });
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        // Workflow tasks discarded or cancelled here are final: their dependents follow their failure policies in this
        // transaction, as they would have had the completer written the outcome.
        List<long>? finalTasks = null;
        for (var i = 0; i < stuck.Count; i++)
        {
            if (scheduledAt[i] is null && Workflows.WorkflowMetadata.IsTask(stuck[i].Metadata))
            {
                (finalTasks ??= []).Add(stuck[i].Id);
            }
        }
        if (finalTasks is not null)
        {
            var advanced = await Workflows.WorkflowAdvance.RunAsync(Context.Client.Sql, connection, transaction, [.. finalTasks], cancellationToken).ConfigureAwait(false);
            outcome.FinishedWorkflows = advanced.Finished;
        }
        if (service == "rescuer")
        {
            MaintenanceLog.Rescued(Context.Logger, stuck.Count, outcome.Retryable, outcome.Discarded, outcome.Cancelled);
        }
        RiverTelemetry.MaintenanceChanged(Context.ClientId, service, "rescued_retryable", outcome.Retryable);
        RiverTelemetry.MaintenanceChanged(Context.ClientId, service, "rescued_discarded", outcome.Discarded);
        RiverTelemetry.MaintenanceChanged(Context.ClientId, service, "rescued_cancelled", outcome.Cancelled);
        return outcome;
    }

    /// <summary>The state a stuck job goes to, and for a retry its next time.</summary>
    internal (JobState State, DateTimeOffset Next) Decide(JobRow row, DateTimeOffset now)
    {
        if (CancelRequested(row.Metadata))
        {
            return (JobState.Cancelled, now);
        }
        if (row.Attempt >= row.MaxAttempts)
        {
            return (JobState.Discarded, now);
        }
        // The policy sees the row as fetched, before the rescue error is recorded (River's convention; the
        // default policy counts that error itself).
        DateTimeOffset next;
        try
        {
            next = _retryPolicy.NextRetry(row, now);
        }
        catch (Exception)
        {
            next = _fallbackPolicy.NextRetry(row, now);
        }
        if (next <= now)
        {
            next = _fallbackPolicy.NextRetry(row, now);
        }
        return (JobState.Retryable, next);
    }

    private static bool CancelRequested(string metadata)
    {
        try
        {
            using var doc = JsonDocument.Parse(metadata);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty(JobOptionRules.MetadataKeyCancelAttemptedAt, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string ErrorJson(DateTimeOffset at, int attempt, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer, ErrorWriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("at", at.UtcDateTime);
            w.WriteNumber("attempt", attempt);
            w.WriteString("error", message);
            w.WriteString("trace", "");
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
