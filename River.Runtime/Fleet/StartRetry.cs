using Microsoft.Extensions.Logging;
using Npgsql;
using River.Logging;

namespace River.Fleet;

/// <summary>
/// The hosted service's start: retries an unreachable database with backoff (<see cref="RiverClientOptions.WaitForDatabase"/>),
/// and a <see cref="RiverClientOptions.ClientId"/> still held by a crashed predecessor every heartbeat interval for up to
/// twice its TTL (then the refusal is a second live process with the id, and the start fails).
/// </summary>
internal static class StartRetry
{
    /// <summary>Default <see cref="RiverClientOptions.WaitForDatabase"/>: 5 minutes, longer than a PostgreSQL restart or failover usually takes.</summary>
    public static readonly TimeSpan DefaultWaitForDatabase = TimeSpan.FromMinutes(5);

    /// <summary>The first retry delay (doubled per attempt up to <see cref="MaxDelay"/>).</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public static async Task StartAsync(RiverClient client, TimeSpan waitForDatabase, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.StartAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RiverStartupException e) when (IsUnreachable(e))
            {
                var left = waitForDatabase - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw;
                }

                var wait = delay < left ? delay : left;
                FleetLog.StartRetrying(logger, attempt, e.InnerException?.Message ?? e.Message, wait.TotalSeconds);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
            }
            catch (RiverStartupException e) when (e.InnerException is ClientIdInUseException)
            {
                // A restart with a fixed ClientId after a crash: the dead predecessor's row is free once its heartbeat is
                // older than its TTL. A second live process with the id keeps refusing: give up after twice the TTL.
                var options = client.Options;
                if (waitForDatabase <= TimeSpan.Zero || time.GetElapsedTime(started) > options.HeartbeatTtl * 2)
                {
                    throw;
                }

                FleetLog.StartWaitingForId(logger, client.Context.ClientId, attempt, options.HeartbeatInterval.TotalSeconds);
                await Task.Delay(options.HeartbeatInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A start that failed because the database did not answer (or is starting/shutting down), not because of the schema or the options.</summary>
    internal static bool IsUnreachable(RiverStartupException e) => e.InnerException switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "08006" or "08001",
        NpgsqlException or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => false,
    };
}
