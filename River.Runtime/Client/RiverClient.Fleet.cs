using System.Text.Json;
using Npgsql;

namespace River;

public sealed partial class RiverClient
{
    /// <summary>
    /// Lists the registered clients of this schema (every River.Typed client with <see cref="RiverClientOptions.RegisterClient"/>,
    /// worker or insert-only, started anywhere), live first, then those declared dead recently, with their queues,
    /// running jobs and last heartbeat; and the leader with its term. Works on a client that is not started. River Go
    /// clients do not register: they appear only as <see cref="RiverFleet.LeaderId"/> when one leads.
    /// </summary>
    /// <param name="limit">At most this many clients (1 to 10,000).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is outside 1 to 10,000.</exception>
    public async Task<RiverFleet> ListClientsAsync(int limit = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 10_000);
        var clients = new List<RiverClientInfo>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var cmd = new NpgsqlCommand(_sql.Fleet.ListClients, connection))
        {
            cmd.Parameters.Add(new NpgsqlParameter<int>("max", limit));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                clients.Add(new RiverClientInfo(
                    reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<TimeSpan>(6),
                    ParseQueues(reader.GetString(7)), reader.GetInt32(8), reader.GetInt64(10),
                    reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
            }
        }

        string? leader = null;
        await using (var cmd = new NpgsqlCommand(_sql.Fill(Database.Queries.LeaderSql.GetLeader), connection))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leader = reader.GetString(0);
            }
        }

        long? term = null;
        string? termLeader = null;
        await using (var cmd = new NpgsqlCommand(_sql.LeaderGetTerm, connection))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                term = reader.GetInt64(0);
                termLeader = reader.GetString(1);
            }
        }

        return new RiverFleet(clients, leader, term, termLeader);
    }

    private static Dictionary<string, int> ParseQueues(string json)
    {
        var queues = new Dictionary<string, int>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var queue in doc.RootElement.EnumerateArray())
        {
            queues[queue.GetProperty("name").GetString()!] = queue.GetProperty("max_workers").GetInt32();
        }

        return queues;
    }
}
