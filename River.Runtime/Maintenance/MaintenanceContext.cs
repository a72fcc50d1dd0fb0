using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;

namespace River.Maintenance;

/// <summary>What every maintenance service needs: connections, statements, clock, log, settings, and the id of the client it runs in (for metrics).</summary>
internal sealed record MaintenanceContext(
    NpgsqlDataSource DataSource,
    MaintenanceSql Sql,
    TimeProvider Time,
    ILogger Logger,
    MaintenanceOptions Options,
    string ClientId = "");
