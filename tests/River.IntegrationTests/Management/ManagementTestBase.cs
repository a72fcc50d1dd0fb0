using System.Text.Json;
using Npgsql;
using River.Execution;
using River.IntegrationTests.Runtime;

namespace River.IntegrationTests.Management;

/// <summary>Helpers shared by the management tests: raw row changes, LISTEN on the control channel, producer polls.</summary>
public abstract class ManagementTestBase : RuntimeTestBase
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected async Task ExecAsync(string sql, params object[] values)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Makes a job look fetched by a client (running, attempt 1) without working it.</summary>
    protected Task MarkRunningAsync(long id) =>
        ExecAsync("UPDATE river_job SET state = 'running', attempt = attempt + 1, attempted_at = now(), attempted_by = '{elsewhere}' WHERE id = $1", id);

    /// <summary>A connection listening on <c>public.river_control</c>; notifications land in the returned list.</summary>
    protected async Task<ControlListener> ListenControlAsync()
    {
        var connection = await DataSource.OpenConnectionAsync();
        var listener = new ControlListener(connection);
        await using (var cmd = new NpgsqlCommand("LISTEN \"public.river_control\"", connection))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        return listener;
    }

    /// <summary>Completes with the first poll of <paramref name="producer"/> whose paused flag satisfies <paramref name="until"/>.</summary>
    private protected static Task<bool> NextPollAsync(QueueProducer producer, Func<bool, bool>? until = null)
        => producer.Polled.NextAsync(until ?? (static _ => true), Patience);

    protected sealed class ControlListener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly List<JsonElement> _received = [];

        public ControlListener(NpgsqlConnection connection)
        {
            _connection = connection;
            connection.Notification += (_, e) =>
            {
                using var doc = JsonDocument.Parse(e.Payload);
                lock (_received)
                {
                    _received.Add(doc.RootElement.Clone());
                }
            };
        }

        /// <summary>Waits for the next notification (PostgreSQL delivers them to an idle connection in commit order).</summary>
        public async Task<JsonElement> NextAsync()
        {
            lock (_received)
            {
                if (_received.Count > 0)
                {
                    var first = _received[0];
                    _received.RemoveAt(0);
                    return first;
                }
            }
            using var timeout = new CancellationTokenSource(Patience);
            await _connection.WaitAsync(timeout.Token);
            return await NextAsync();
        }

        /// <summary>
        /// Sends a marker notification from another connection and returns the notifications received before it:
        /// PostgreSQL delivers notifications in commit order, so anything committed earlier is in the list.
        /// </summary>
        public async Task<List<JsonElement>> ReceivedBeforeMarkerAsync(NpgsqlDataSource dataSource)
        {
            await using (var cmd = dataSource.CreateCommand("SELECT pg_notify('public.river_control', '{\"action\":\"test_marker\"}')"))
            {
                await cmd.ExecuteNonQueryAsync();
            }
            var before = new List<JsonElement>();
            while (true)
            {
                var next = await NextAsync();
                if (next.GetProperty("action").GetString() == "test_marker")
                {
                    return before;
                }
                before.Add(next);
            }
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
