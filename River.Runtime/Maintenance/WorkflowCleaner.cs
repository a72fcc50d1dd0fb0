using Npgsql;
using NpgsqlTypes;
using River.Diagnostics;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// The workflow cleaner (every <see cref="MaintenanceOptions.JobCleanerInterval"/>, 30 s): deletes workflows that
/// finished more than <see cref="MaintenanceOptions.WorkflowRetention"/> (7 days) ago, with their task and edge rows,
/// up to <see cref="MaintenanceOptions.WorkflowCleanerBatchSize"/> (1,000) workflows per statement. Without it those rows
/// would outlive their jobs (River's job cleaner deletes jobs and knows nothing of line <c>typed</c>) and grow without
/// bound. A workflow that never finished is never deleted: cancel it (<see cref="RiverClient.CancelWorkflowAsync"/>)
/// to let it go.
/// </summary>
internal sealed class WorkflowCleaner : MaintenanceService
{
    public WorkflowCleaner(MaintenanceContext context)
        : base("workflow cleaner", context, context.Options.WorkflowCleanerBatchSize)
    {
    }

    protected override TimeSpan NextDelay(DateTimeOffset now) => Context.Options.JobCleanerInterval;

    protected override Task<int> RunCoreAsync(CancellationToken cancellationToken) =>
        Context.Options.WorkflowRetention is null ? Task.FromResult(0) : RunBatchesAsync(DeleteBatchAsync, cancellationToken);

    private async Task<int> DeleteBatchAsync(int max, CancellationToken cancellationToken)
    {
        var horizon = Time.GetUtcNow() - Context.Options.WorkflowRetention!.Value;
        await using var cmd = Context.DataSource.CreateCommand(Context.Sql.Statements.Workflows.DeleteFinished);
        cmd.Parameters.Add(new NpgsqlParameter("horizon", NpgsqlDbType.TimestampTz) { Value = horizon.UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter<int>("max", max));
        Context.Client.Fence.AddParameter(cmd.Parameters);
        int workflows, edges;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            workflows = reader.GetInt32(0);
            edges = reader.GetInt32(1);
        }
        if (workflows > 0)
        {
            MaintenanceLog.WorkflowsCleaned(Context.Logger, workflows, edges);
            RiverTelemetry.MaintenanceChanged(Context.ClientId, "workflow_cleaner", "deleted", workflows);
        }
        return workflows;
    }
}
