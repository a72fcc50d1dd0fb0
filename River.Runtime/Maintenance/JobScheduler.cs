using Npgsql;
using River.Diagnostics;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// The scheduler (every <see cref="MaintenanceOptions.SchedulerInterval"/>, 5 s): makes scheduled and retryable
/// jobs whose time has come available, in batches, resolving unique conflicts as River does (see
/// <see cref="Database.Queries.MaintenanceSql.ScheduleTemplate"/>), then sends one insert notification per queue
/// that got jobs and tells the local client (so its producers fetch at once).
/// </summary>
internal sealed class JobScheduler : MaintenanceService
{
    private readonly Action<IReadOnlyCollection<string>>? _queuesMadeAvailable;

    public JobScheduler(MaintenanceContext context, Action<IReadOnlyCollection<string>>? queuesMadeAvailable = null)
        : base("scheduler", context, context.Options.SchedulerBatchSize)
    {
        _queuesMadeAvailable = queuesMadeAvailable;
    }

    protected override TimeSpan NextDelay(DateTimeOffset now) => Context.Options.SchedulerInterval;

    protected override Task<int> RunCoreAsync(CancellationToken cancellationToken) => RunBatchesAsync(ScheduleBatchAsync, cancellationToken);

    private async Task<int> ScheduleBatchAsync(int max, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var queues = new HashSet<string>(StringComparer.Ordinal);
        int changed = 0, discarded = 0;
        await using var connection = await Context.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var cmd = new NpgsqlCommand(Context.Sql.Schedule, connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter<DateTime>("now", now.UtcDateTime));
            cmd.Parameters.Add(new NpgsqlParameter<int>("max", max));
            Context.Client.Fence.AddParameter(cmd.Parameters);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                changed++;
                if (reader.GetBoolean(2))
                {
                    discarded++;
                }
                else
                {
                    queues.Add(reader.GetString(1));
                }
            }
        }
        if (queues.Count > 0)
        {
            await using var notify = new NpgsqlCommand(Context.Sql.Statements.NotifyInsert, connection);
            Context.Sql.Statements.AddNotifyInsertParameters(notify.Parameters, [.. queues]);
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _queuesMadeAvailable?.Invoke(queues);
        }
        if (changed > 0)
        {
            MaintenanceLog.Scheduled(Context.Logger, changed - discarded, discarded);
            RiverTelemetry.MaintenanceChanged(Context.ClientId, "scheduler", "made_available", changed - discarded);
            RiverTelemetry.MaintenanceChanged(Context.ClientId, "scheduler", "unique_conflict_discarded", discarded);
        }
        return changed;
    }
}
