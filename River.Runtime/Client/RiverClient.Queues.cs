using Npgsql;
using River.Database.Queries;

namespace River;

// Queue management: get, list, pause, resume, metadata. Rows of river_queue are created and refreshed by the
// producers of the queues (see QueueProducer); these calls read and change them.
public sealed partial class RiverClient
{
    /// <summary>The name that means "every queue" in <see cref="PauseQueueAsync(string, CancellationToken)"/> and <see cref="ResumeQueueAsync(string, CancellationToken)"/>.</summary>
    public const string AllQueues = "*";

    /// <summary>The page size of <see cref="ListQueuesAsync(int, string?, CancellationToken)"/> when none is given: 100.</summary>
    public const int DefaultQueueListLimit = 100;

    /// <summary>Reads a queue's row, or returns <see langword="null"/> when no producer has reported the queue.</summary>
    public Task<QueueRow?> GetQueueAsync(string name, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, (c, t, ct) => GetQueueCoreAsync(c, t, name, ct), cancellationToken, () => CheckQueueName(name, allowAll: false));

    /// <summary>Reads a queue's row inside <paramref name="transaction"/>, or returns <see langword="null"/>.</summary>
    public Task<QueueRow?> GetQueueAsync(string name, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => GetQueueCoreAsync(c, t, name, ct), cancellationToken, () => CheckQueueName(name, allowAll: false));

    /// <summary>Lists queue rows by name: up to <paramref name="limit"/> (1 to 10,000) names after <paramref name="after"/> (exclusive; null: from the first).</summary>
    public Task<IReadOnlyList<QueueRow>> ListQueuesAsync(int limit = DefaultQueueListLimit, string? after = null, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, (c, t, ct) => ListQueuesCoreAsync(c, t, limit, after, ct), cancellationToken, () => CheckQueueLimit(limit));

    /// <summary>Lists queue rows inside <paramref name="transaction"/> (see <see cref="ListQueuesAsync(int, string?, CancellationToken)"/>).</summary>
    public Task<IReadOnlyList<QueueRow>> ListQueuesAsync(int limit, string? after, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => ListQueuesCoreAsync(c, t, limit, after, ct), cancellationToken, () => CheckQueueLimit(limit));

    /// <summary>
    /// Pauses a queue, or every queue with <see cref="AllQueues"/> (<c>"*"</c>): producers stop fetching its jobs
    /// (jobs already running finish). Producers see it at once through the control channel
    /// (<c>{"action":"pause","queue":…}</c>) and, without notifications, within their poll interval. Pausing a paused
    /// queue changes nothing.
    /// </summary>
    /// <exception cref="RiverNotFoundException">The named queue has no row (no producer has worked it).</exception>
    public Task PauseQueueAsync(string name, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, (c, t, ct) => SetPausedAsync(c, t, name, pause: true, ct), cancellationToken, () => CheckQueueName(name, allowAll: true));

    /// <summary>Pauses a queue inside <paramref name="transaction"/> (see <see cref="PauseQueueAsync(string, CancellationToken)"/>); producers see it once committed.</summary>
    public Task PauseQueueAsync(string name, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => SetPausedAsync(c, t, name, pause: true, ct), cancellationToken, () => CheckQueueName(name, allowAll: true));

    /// <summary>Resumes a paused queue, or every queue with <see cref="AllQueues"/>; resuming a running queue changes nothing.</summary>
    /// <exception cref="RiverNotFoundException">The named queue has no row (no producer has worked it).</exception>
    public Task ResumeQueueAsync(string name, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, (c, t, ct) => SetPausedAsync(c, t, name, pause: false, ct), cancellationToken, () => CheckQueueName(name, allowAll: true));

    /// <summary>Resumes a queue inside <paramref name="transaction"/> (see <see cref="ResumeQueueAsync(string, CancellationToken)"/>).</summary>
    public Task ResumeQueueAsync(string name, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => SetPausedAsync(c, t, name, pause: false, ct), cancellationToken, () => CheckQueueName(name, allowAll: true));

    /// <summary>
    /// Replaces a queue's metadata with <paramref name="metadataJson"/> (a JSON object) and sends
    /// <c>{"action":"metadata_changed","queue":…}</c> on the control channel.
    /// </summary>
    /// <returns>The updated row.</returns>
    /// <exception cref="ArgumentException">The metadata is not a JSON object.</exception>
    /// <exception cref="RiverNotFoundException">The queue has no row.</exception>
    public Task<QueueRow> UpdateQueueMetadataAsync(string name, string metadataJson, CancellationToken cancellationToken = default)
        => WithConnectionAsync(null, (c, t, ct) => UpdateQueueMetadataCoreAsync(c, t, name, metadataJson, ct), cancellationToken, () => CheckMetadata(name, metadataJson));

    /// <summary>Replaces a queue's metadata inside <paramref name="transaction"/> (see <see cref="UpdateQueueMetadataAsync(string, string, CancellationToken)"/>).</summary>
    public Task<QueueRow> UpdateQueueMetadataAsync(string name, string metadataJson, NpgsqlTransaction transaction, CancellationToken cancellationToken = default)
        => WithConnectionAsync(transaction, (c, t, ct) => UpdateQueueMetadataCoreAsync(c, t, name, metadataJson, ct), cancellationToken, () => CheckMetadata(name, metadataJson));

    private async Task<QueueRow?> GetQueueCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(Management.GetQueue, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string>("name", name));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadQueue(reader) : null;
    }

    private async Task<IReadOnlyList<QueueRow>> ListQueuesCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, int limit, string? after, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(Management.ListQueues, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string>("after", after ?? ""));
        cmd.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var queues = new List<QueueRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            queues.Add(ReadQueue(reader));
        }
        return queues;
    }

    private async Task<bool> SetPausedAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, bool pause, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(pause ? Management.PauseQueue : Management.ResumeQueue, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string>("name", name));
        cmd.Parameters.Add(new NpgsqlParameter<string>("channel", _sql.ControlChannel));
        long matched;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            matched = reader.GetInt64(0);
        }
        if (matched == 0 && name != AllQueues)
        {
            throw new RiverNotFoundException($"Queue '{name}' does not exist: it has no river_queue row (a queue gets one when a producer first works it).");
        }
        if (transaction is null)
        {
            // Committed: this client's own producers need not wait for the notification or their next poll.
            foreach (var producer in _producers.Values)
            {
                if (name == AllQueues || producer.Queue == name)
                {
                    producer.Paused = pause;
                }
            }
        }
        return true;
    }

    private async Task<QueueRow> UpdateQueueMetadataCoreAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, string metadataJson, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(Management.UpdateQueueMetadata, connection, transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string>("name", name));
        cmd.Parameters.Add(new NpgsqlParameter<string>("metadata", metadataJson));
        cmd.Parameters.Add(new NpgsqlParameter<string>("channel", _sql.ControlChannel));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new RiverNotFoundException($"Queue '{name}' does not exist: it has no river_queue row (a queue gets one when a producer first works it).");
        }
        return ReadQueue(reader);
    }

    private static QueueRow ReadQueue(NpgsqlDataReader r) => new()
    {
        Name = r.GetString(0),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(1),
        Metadata = r.GetString(2),
        PausedAt = r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(4),
    };

    private static void CheckQueueName(string name, bool allowAll)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (allowAll && name == AllQueues)
        {
            return;
        }
        if (JobOptionRules.ValidateQueue(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }
    }

    private static void CheckQueueLimit(int limit)
    {
        if (limit is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The queue list limit must be between 1 and 10,000.");
        }
    }

    private static void CheckMetadata(string name, string metadataJson)
    {
        CheckQueueName(name, allowAll: false);
        ArgumentNullException.ThrowIfNull(metadataJson);
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(metadataJson);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new ArgumentException($"Queue metadata must be a JSON object, got a {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}.", nameof(metadataJson));
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"Queue metadata is not valid JSON: {e.Message}", nameof(metadataJson), e);
        }
    }
}
