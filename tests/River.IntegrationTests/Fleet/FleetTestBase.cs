using River.IntegrationTests.Maintenance;

namespace River.IntegrationTests.Fleet;

/// <summary>Fleet tests' clients (short heartbeat and lease, signals ready) and rows of running jobs of any client.</summary>
public abstract class FleetTestBase : MaintenanceTestBase
{
    /// <summary>A client with a 200 ms heartbeat (TTL 2 s) and a 200 ms lease renewal (TTL 2 s), its leadership signal initialised.</summary>
    protected RiverClient NewFleetClient(string? id = null, Action<RiverClientOptions>? configure = null)
    {
        var client = NewClient(o =>
        {
            if (id is not null)
            {
                o.ClientId = id;
            }
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
            o.HeartbeatTtl = TimeSpan.FromSeconds(2);
            o.LeaderElectInterval = TimeSpan.FromMilliseconds(200);
            o.LeaderTtl = TimeSpan.FromSeconds(2);
            o.Maintenance.StartJitter = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        client.Elector!.LeadershipChanged.Init();
        return client;
    }

    /// <summary>Writes a job running attempt 1 of <paramref name="attemptedBy"/> since <paramref name="attemptedAt"/> on a queue nobody works.</summary>
    protected async Task<long> InsertRunningAsync(string attemptedBy, DateTimeOffset attemptedAt)
    {
        await using var cmd = DataSource.CreateCommand("""
            INSERT INTO river_job (args, kind, state, attempt, attempted_at, attempted_by, max_attempts, queue)
            VALUES ('{"n":0}', 'test.noop', 'running', 1, @at, ARRAY[@by], 25, 'nobody_works_this') RETURNING id
            """);
        cmd.Parameters.AddWithValue("at", attemptedAt.UtcDateTime);
        cmd.Parameters.AddWithValue("by", attemptedBy);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
