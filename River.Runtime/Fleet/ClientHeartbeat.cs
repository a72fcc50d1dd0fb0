using System.Text;
using System.Text.Json;
using Npgsql;
using River.Logging;
using River.Services;

namespace River.Fleet;

/// <summary>
/// This client's row in the client registry (line typed's <c>river_typed_client</c>): registered when the client
/// starts (a second live client with the same <see cref="RiverClientOptions.ClientId"/> is refused), refreshed every
/// <see cref="RiverClientOptions.HeartbeatInterval"/> with the running count, removed on graceful stop. A heartbeat
/// that finds its row gone (deleted by hand, or the database restored) registers again; one that fails (database
/// away) is retried at the next interval — the leader never counts database outages against a client
/// (<see cref="HeartbeatWatch"/>).
/// </summary>
internal sealed class ClientHeartbeat : RiverService
{
    /// <summary>Default <see cref="RiverClientOptions.HeartbeatInterval"/>: a heartbeat every 2 s (one small UPDATE).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Default <see cref="RiverClientOptions.HeartbeatTtl"/>: 10 s without a heartbeat change seen by the leader declares a
    /// client dead: five missed heartbeats, longer than common GC pauses, and well under the 30 s rescue target.
    /// </summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(10);

    private static readonly string Version = typeof(ClientHeartbeat).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    private readonly ClientContext _context;
    private readonly Func<int> _runningCount;
    private readonly Guid _instance = Guid.NewGuid();
    private readonly string _queues;

    public ClientHeartbeat(ClientContext context, Func<int> runningCount)
        : base("heartbeat", context.Time, context.Logger)
    {
        _context = context;
        _runningCount = runningCount;
        _queues = QueuesJson(context.Options);
        Beat = new TestSignal<long>(Name + ".beat");
    }

    /// <summary>Signalled with the heartbeat sequence after each heartbeat written (tests).</summary>
    internal TestSignal<long> Beat { get; }

    /// <summary>This process's instance id (distinguishes two processes that use one client id).</summary>
    public Guid Instance => _instance;

    /// <summary>Registers, or refuses when a live client holds the id.</summary>
    protected override async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (await RegisterAsync(fresh: true, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new RiverStartupException(await RefusalMessageAsync(cancellationToken).ConfigureAwait(false), new ClientIdInUseException());
        }

        if (_orphaned > 0)
        {
            FleetLog.TookOverId(_context.Logger, _context.ClientId, _orphaned);
        }

        FleetLog.Joined(_context.Logger, _context.ClientId, Environment.MachineName, Environment.ProcessId);
        Diagnostics.RiverTelemetry.ClientEvent(_context.ClientId, "joined");
        _context.Events.Publish(new RiverEvent(RiverEventKind.ClientJoined, null, null, "") { ClientId = _context.ClientId });
    }

    protected override async Task RunAsync(CancellationToken stopping)
    {
        var interval = _context.Options.HeartbeatInterval;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await SleepAsync(interval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await using var cmd = _context.DataSource.CreateCommand(_context.Sql.Fleet.Heartbeat);
                cmd.Parameters.Add(new NpgsqlParameter<string>("id", _context.ClientId));
                cmd.Parameters.Add(new NpgsqlParameter<Guid>("instance", _instance));
                cmd.Parameters.Add(new NpgsqlParameter<int>("running", _runningCount()));
                var seq = await cmd.ExecuteScalarAsync(stopping).ConfigureAwait(false) as long?
                          ?? await RegisterAsync(fresh: false, stopping).ConfigureAwait(false);
                if (seq is { } s)
                {
                    Beat.Signal(s);
                }
                else
                {
                    FleetLog.IdTaken(_context.Logger, _context.ClientId);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                FleetLog.HeartbeatFailed(_context.Logger, e.Message);
            }
        }

        if (_abandoned)
        {
            return; // a killed process leaves its row behind; the leader declares it dead after its TTL
        }

        try
        {
            await using var cmd = _context.DataSource.CreateCommand(_context.Sql.Fleet.Deregister);
            cmd.Parameters.Add(new NpgsqlParameter<string>("id", _context.ClientId));
            cmd.Parameters.Add(new NpgsqlParameter<Guid>("instance", _instance));
            await cmd.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            FleetLog.Left(_context.Logger, _context.ClientId);
            Diagnostics.RiverTelemetry.ClientEvent(_context.ClientId, "left");
            _context.Events.Publish(new RiverEvent(RiverEventKind.ClientLeft, null, null, "") { ClientId = _context.ClientId });
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            FleetLog.HeartbeatFailed(_context.Logger, e.Message); // the leader declares the row dead after its TTL
        }
    }

    /// <summary>Stops without removing the row, as a killed process would (tests).</summary>
    internal Task AbandonAsync()
    {
        _abandoned = true;
        return StopAsync();
    }

    private volatile bool _abandoned;

    private int _orphaned;

    /// <summary>
    /// Registers (<paramref name="fresh"/> at start: jobs still running under this id are a predecessor's and are
    /// recorded for the leader's rescue). Returns the heartbeat sequence, or null when a live client holds the id.
    /// </summary>
    private async Task<long?> RegisterAsync(bool fresh, CancellationToken cancellationToken)
    {
        if (_abandoned)
        {
            return null;
        }

        await using var cmd = _context.DataSource.CreateCommand(_context.Sql.Fleet.Register);
        cmd.Parameters.Add(new NpgsqlParameter<string>("id", _context.ClientId));
        cmd.Parameters.Add(new NpgsqlParameter<Guid>("instance", _instance));
        cmd.Parameters.Add(new NpgsqlParameter<string>("host", Environment.MachineName));
        cmd.Parameters.Add(new NpgsqlParameter<int>("pid", Environment.ProcessId));
        cmd.Parameters.Add(new NpgsqlParameter<string>("version", Version));
        cmd.Parameters.Add(new NpgsqlParameter<TimeSpan>("ttl", _context.Options.HeartbeatTtl));
        cmd.Parameters.Add(new NpgsqlParameter<string>("queues", _queues));
        cmd.Parameters.Add(new NpgsqlParameter<bool>("fresh", fresh));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (fresh)
        {
            _orphaned = reader.GetInt32(1);
        }

        return reader.GetInt64(0);
    }

    private async Task<string> RefusalMessageAsync(CancellationToken cancellationToken)
    {
        var holder = "";
        await using var cmd = _context.DataSource.CreateCommand(_context.Sql.Fleet.GetHolder);
        cmd.Parameters.Add(new NpgsqlParameter<string>("id", _context.ClientId));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            holder = $" (host {reader.GetString(0)}, pid {reader.GetInt32(1)}, started {reader.GetFieldValue<DateTimeOffset>(2):u}, last heartbeat {reader.GetFieldValue<DateTimeOffset>(3):u})";
        }

        return $"ClientId '{_context.ClientId}' is already used by a live client{holder}: two clients with one id cannot be told apart in attempted_by. "
               + "Give each process its own ClientId (or leave it unset for a generated one); a crashed process's id becomes free once its heartbeat "
               + $"is older than its HeartbeatTtl ({_context.Options.HeartbeatTtl.TotalSeconds:0.#} s).";
    }

    private static string QueuesJson(RiverClientOptions options)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var queue in options.Queues.OrderBy(q => q.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", queue.Name);
                w.WriteNumber("max_workers", queue.MaxWorkers);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
