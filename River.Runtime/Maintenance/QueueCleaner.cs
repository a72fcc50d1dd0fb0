using Npgsql;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// The queue cleaner (every <see cref="MaintenanceOptions.QueueCleanerInterval"/>, 1 h): deletes <c>river_queue</c>
/// rows no client has updated for <see cref="MaintenanceOptions.QueueRetention"/> (24 h). Clients working a queue
/// keep its row fresh, so only abandoned queues go. Jobs are never touched.
/// </summary>
internal sealed class QueueCleaner : MaintenanceService
{
    public QueueCleaner(MaintenanceContext context)
        : base("queue cleaner", context, context.Options.QueueCleanerBatchSize)
    {
    }

    protected override TimeSpan NextDelay(DateTimeOffset now) => Context.Options.QueueCleanerInterval;

    protected override Task<int> RunCoreAsync(CancellationToken cancellationToken) => RunBatchesAsync(DeleteBatchAsync, cancellationToken);

    private async Task<int> DeleteBatchAsync(int max, CancellationToken cancellationToken)
    {
        var horizon = Time.GetUtcNow() - Context.Options.QueueRetention;
        await using var cmd = Context.DataSource.CreateCommand(Context.Sql.DeleteStaleQueues);
        cmd.Parameters.Add(new NpgsqlParameter<DateTime>("horizon", horizon.UtcDateTime));
        cmd.Parameters.Add(new NpgsqlParameter<int>("max", max));
        Context.Client.Fence.AddParameter(cmd.Parameters);
        var names = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                names.Add(reader.GetString(0));
            }
        }
        if (names.Count > 0)
        {
            MaintenanceLog.QueuesCleaned(Context.Logger, names.Count, string.Join(", ", names));
        }
        return names.Count;
    }
}
