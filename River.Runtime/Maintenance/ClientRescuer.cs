using Npgsql;
using River.Database.Queries;
using River.Fleet;
using River.Logging;

namespace River.Maintenance;

/// <summary>
/// Heartbeat rescue (leader only, every <see cref="RiverClientOptions.HeartbeatInterval"/>): watches the live
/// registered clients' heartbeat sequences (<see cref="HeartbeatWatch"/>), declares dead those whose heartbeat stood
/// still for their TTL on this leader's clock, and rescues the running jobs of dead clients at once — by River's
/// retry rules (<see cref="JobRescuer.Decide"/>: retryable at the retry policy's next time, discarded when out of
/// attempts, cancelled when a cancel was requested), with an error naming the dead client. Every write is fenced
/// (declare and rescue in one transaction). Jobs of clients that never registered (River Go, older River.Typed, or
/// <see cref="RiverClientOptions.RegisterClient"/> false) are left to the classic horizon of <see cref="JobRescuer"/>.
/// A process that takes over the id of a predecessor that died (a restart with a fixed
/// <see cref="RiverClientOptions.ClientId"/>) records the predecessor's running jobs as orphaned; they are rescued here
/// too, at the next pass, identified by id and attempt so that a job the new process fetched again never matches.
/// Rows of clients dead for more than <see cref="DeadClientRetention"/> with no running job left are removed.
/// </summary>
internal sealed class ClientRescuer : MaintenanceService
{
    /// <summary>How long a dead client stays listed (<see cref="RiverClient.ListClientsAsync"/>) after its jobs are rescued: 1 hour.</summary>
    public static readonly TimeSpan DeadClientRetention = TimeSpan.FromHours(1);

    private readonly JobRescuer _rescuer;
    private readonly HeartbeatWatch _watch;

    public ClientRescuer(MaintenanceContext context, JobRescuer rescuer)
        : base("client rescuer", context, context.Options.RescuerBatchSize)
    {
        _rescuer = rescuer;
        var o = context.Client.Options;
        _watch = new HeartbeatWatch(context.Time, o.HeartbeatTtl / 2 > o.HeartbeatInterval * 2 ? o.HeartbeatTtl / 2 : o.HeartbeatInterval * 2);
    }

    protected override TimeSpan NextDelay(DateTimeOffset now) => Context.Client.Options.HeartbeatInterval;

    /// <summary>A new term starts watching from scratch: every client gets a full TTL.</summary>
    protected override Task OnStartAsync(CancellationToken cancellationToken)
    {
        _watch.Reset();
        return base.OnStartAsync(cancellationToken);
    }

    protected override async Task<int> RunCoreAsync(CancellationToken cancellationToken)
    {
        var fleet = Context.Client.Sql.Fleet;
        var clients = new List<(string, long, TimeSpan)>();
        await using (var watch = Context.DataSource.CreateCommand(fleet.WatchClients))
        await using (var reader = await watch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                clients.Add((reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<TimeSpan>(2)));
            }
        }

        var dead = _watch.Observe(clients);
        var ttls = clients.ToDictionary(c => c.Item1, c => c.Item3, StringComparer.Ordinal);
        var now = Time.GetUtcNow();
        await using var connection = await Context.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        List<string>? declared = null;
        if (dead.Count > 0)
        {
            await using var declare = new NpgsqlCommand(fleet.DeclareDead, connection, transaction);
            declare.Parameters.Add(new NpgsqlParameter<string[]>("ids", dead.Select(d => d.Id).ToArray()));
            declare.Parameters.Add(new NpgsqlParameter<long[]>("seqs", dead.Select(d => d.Seq).ToArray()));
            Context.Client.Fence.AddParameter(declare.Parameters);
            await using var reader = await declare.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                (declared ??= []).Add(reader.GetString(0));
            }
        }

        var rows = new List<JobRow>();
        HashSet<long>? orphaned = null;
        await using (var select = new NpgsqlCommand(fleet.GetRunningOfDeadClients, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter<int>("max", BatchSize));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = JobRowReader.Read(reader);
                rows.Add(row);
                if (reader.GetBoolean(JobRowReader.ColumnCount))
                {
                    (orphaned ??= []).Add(row.Id);
                }
            }
        }

        RescueOutcome? outcome = null;
        if (rows.Count > 0)
        {
            outcome = await _rescuer.RescueRowsAsync(connection, transaction, rows, now, row =>
            {
                var owner = row.AttemptedBy.Count > 0 ? row.AttemptedBy[^1] : "?";
                if (orphaned?.Contains(row.Id) == true)
                {
                    return ($"rescued by the leader: client '{owner}' that was running this job stopped without finishing it (a new process took over its id)",
                        RescueCause.Takeover);
                }

                var ttl = ttls.TryGetValue(owner, out var t) ? $" for {t.TotalSeconds:0.#} s" : "";
                return ($"rescued by the leader: client '{owner}' that was running this job was declared dead (no heartbeat{ttl})", RescueCause.Heartbeat);
            }, "client_rescuer", cancellationToken).ConfigureAwait(false);
        }

        await using (var cleanup = new NpgsqlCommand(fleet.DeleteLongDead, connection, transaction))
        {
            cleanup.Parameters.Add(new NpgsqlParameter<DateTime>("horizon", (now - DeadClientRetention).UtcDateTime));
            Context.Client.Fence.AddParameter(cleanup.Parameters);
            await cleanup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

        // Reported only once committed: a refused (fenced) or failed pass declared and rescued nothing.
        foreach (var id in declared ?? [])
        {
            FleetLog.DeclaredDead(Context.Logger, id);
            Diagnostics.RiverTelemetry.ClientEvent(id, "declared_dead");
            Context.Client.Events.Publish(new RiverEvent(RiverEventKind.ClientDeclaredDead, null, null, "") { ClientId = id });
        }

        if (outcome is not null)
        {
            FleetLog.HeartbeatRescued(Context.Logger, outcome.Count, outcome.Retryable, outcome.Discarded, outcome.Cancelled);
            outcome.Report(Context.Client);
        }

        return rows.Count;
    }
}
