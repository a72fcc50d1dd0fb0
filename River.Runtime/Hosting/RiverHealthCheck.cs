using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace River;

/// <summary>
/// The health check <c>services.AddHealthChecks().AddRiver()</c> registers: the client's in-memory
/// <see cref="RiverClient.GetHealth"/> plus one cheap database probe (the schema version query the client's start runs).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Unhealthy (or the registration's failure status): the client is not started (before the host starts it,
/// after it stops), the database does not answer within the probe timeout, or River's tables are missing or outdated.</item>
/// <item>Degraded: the client works but not at its best — its LISTEN connection is reconnecting (pickup falls back to
/// polling), or the completer backlog has reached <see cref="RiverDefaults.CompleterMaxBacklog"/> (workers wait for
/// outcomes to be written).</item>
/// <item>Healthy otherwise.</item>
/// </list>
/// The result's data carries the client id, leadership, notifier state, backlog and each queue's running jobs.
/// </remarks>
internal sealed class RiverHealthCheck(RiverClient client, TimeSpan probeTimeout) : IHealthCheck
{
    /// <summary>How long the database probe may take when the registration does not say: 5 s.</summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = client.GetHealth();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["client_id"] = health.ClientId,
            ["leader"] = health.IsLeader,
            ["notifier"] = health.Notifier.ToString(),
            ["poll_only"] = health.PollOnly,
            ["completer_backlog"] = health.CompleterBacklog,
        };
        foreach (var queue in health.Queues)
        {
            data["queue:" + queue.Name] = $"{queue.Running}/{queue.MaxWorkers} running{(queue.Paused ? ", paused" : "")}";
        }
        if (!health.Started)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The River client is not started (the host has not started it yet, or it stopped).", data: data);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probeTimeout);
        try
        {
            await using var cmd = client.DataSource.CreateCommand(client.Sql.MigrationVersion);
            var version = await cmd.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            if (version is not long v || v < RiverClient.RequiredSchemaVersion)
            {
                return new HealthCheckResult(context.Registration.FailureStatus,
                    $"River's schema in '{client.Options.Schema}' is not at version {RiverClient.RequiredSchemaVersion}: run `river migrate-up`.", data: data);
            }
        }
        catch (PostgresException e) when (SchemaMissing.Is(e))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, SchemaMissing.Message(client.Options.Schema, e), e, data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The database did not answer within {probeTimeout.TotalSeconds:0.#} s.", data: data);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or ObjectDisposedException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The database probe failed: {e.Message}", e, data);
        }

        if (!health.PollOnly && health.Notifier != NotifierState.Listening)
        {
            return HealthCheckResult.Degraded($"The LISTEN connection is {health.Notifier.ToString().ToLowerInvariant()}; jobs are picked up by polling until it is back.", data: data);
        }
        if (health.CompleterBacklog >= RiverDefaults.CompleterMaxBacklog)
        {
            return HealthCheckResult.Degraded($"{health.CompleterBacklog} job outcomes wait to be written; workers are held back until the database catches up.", data: data);
        }
        return HealthCheckResult.Healthy($"River client {health.ClientId} is working {health.Queues.Count} queue(s).", data);
    }
}
