using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;
using River.Services;

namespace River.Maintenance;

/// <summary>
/// What every maintenance service needs: the client's shared context plus the maintenance statements (built once)
/// and settings.
/// </summary>
/// <param name="Client">The context of the client the services run in.</param>
/// <param name="Sql">The maintenance statements, schema filled in.</param>
internal sealed record MaintenanceContext(ClientContext Client, MaintenanceSql Sql)
{
    public NpgsqlDataSource DataSource => Client.DataSource;

    public TimeProvider Time => Client.Time;

    public ILogger Logger => Client.Logger;

    /// <summary>The id of the client the services run in (metrics).</summary>
    public string ClientId => Client.ClientId;

    /// <summary>The client's <see cref="RiverClientOptions.Maintenance"/>.</summary>
    public MaintenanceOptions Options => Client.Options.Maintenance;
}
