using Microsoft.Extensions.Logging;
using Npgsql;
using River.Database.Queries;

namespace River.Services;

/// <summary>
/// What every background service of one client shares, built once by the client: its connections, its statements
/// (schema filled in), its id, its clock, its logging and its options. Services take this instead of long
/// constructor lists.
/// </summary>
/// <param name="DataSource">The client's connection source.</param>
/// <param name="Sql">The client's statements, built once.</param>
/// <param name="ClientId">The client's id (<c>attempted_by</c>, leader id, metrics).</param>
/// <param name="Time">The client's clock; every clock read and delay of a service goes through it.</param>
/// <param name="LoggerFactory">The client's logger factory.</param>
/// <param name="Options">The client's validated options.</param>
internal sealed record ClientContext(
    NpgsqlDataSource DataSource,
    SchemaSql Sql,
    string ClientId,
    TimeProvider Time,
    ILoggerFactory LoggerFactory,
    RiverClientOptions Options)
{
    /// <summary>The name of the category every runtime log message is written under.</summary>
    public const string LogCategory = "River";

    /// <summary>The client's logger (category <see cref="LogCategory"/>), created once.</summary>
    public ILogger Logger { get; } = LoggerFactory.CreateLogger(LogCategory);

    /// <summary>The client's event hub (<see cref="RiverClient.SubscribeEvents(int, RiverEventKind[])"/>): services publish their events here.</summary>
    public Events.EventHub Events { get; } = new(LoggerFactory.CreateLogger(LogCategory));

    /// <summary>The leader's term for fencing leader-only writes (set by the elector; 0 while not leading).</summary>
    public Leadership.LeaderFence Fence { get; } = new(ClientId, LoggerFactory.CreateLogger(LogCategory), Sql.LeaderCheckFence);
}
