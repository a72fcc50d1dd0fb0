using Npgsql;
using NpgsqlTypes;
using River.Diagnostics;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// The job cleaner (every <see cref="MaintenanceOptions.JobCleanerInterval"/>, 30 s): deletes completed and
/// cancelled jobs finalized more than 24 h ago and discarded jobs finalized more than 7 days ago (each retention
/// configurable; <see langword="null"/> keeps that state forever), in batches of 10,000.
/// </summary>
internal sealed class JobCleaner : MaintenanceService
{
    public JobCleaner(MaintenanceContext context)
        : base("job cleaner", context, context.Options.JobCleanerBatchSize)
    {
    }

    protected override TimeSpan NextDelay(DateTimeOffset now) => Context.Options.JobCleanerInterval;

    protected override Task<int> RunCoreAsync(CancellationToken cancellationToken)
    {
        var o = Context.Options;
        if (o.CompletedJobRetention is null && o.CancelledJobRetention is null && o.DiscardedJobRetention is null)
        {
            return Task.FromResult(0);
        }
        return RunBatchesAsync(DeleteBatchAsync, cancellationToken);
    }

    private async Task<int> DeleteBatchAsync(int max, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var o = Context.Options;
        await using var cmd = Context.DataSource.CreateCommand(Context.Sql.DeleteFinalized);
        cmd.Parameters.Add(Horizon("cancelled_horizon", now, o.CancelledJobRetention));
        cmd.Parameters.Add(Horizon("completed_horizon", now, o.CompletedJobRetention));
        cmd.Parameters.Add(Horizon("discarded_horizon", now, o.DiscardedJobRetention));
        cmd.Parameters.Add(new NpgsqlParameter<int>("max", max));
        Context.Client.Fence.AddParameter(cmd.Parameters);
        var deleted = await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            MaintenanceLog.JobsCleaned(Context.Logger, deleted);
            RiverTelemetry.MaintenanceChanged(Context.ClientId, "job_cleaner", "deleted", deleted);
        }
        return deleted;
    }

    /// <summary>now − retention, or SQL NULL (matches nothing) to keep the state forever.</summary>
    private static NpgsqlParameter Horizon(string name, DateTimeOffset now, TimeSpan? retention) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = retention is { } r ? (now - r).UtcDateTime : DBNull.Value };
}
