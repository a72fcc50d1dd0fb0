using System.Text.Json;

namespace River.Notifications;

/// <summary>
/// Parses the JSON payloads River sends on its channels (compatible with River clients in other languages):
/// insert <c>{"queue"}</c>; control <c>{"action":"cancel|pause|resume|metadata_changed","job_id","queue"}</c>;
/// leadership <c>{"action":"resigned|request_resign","leader_id"}</c>. Malformed payloads parse to defaults
/// (and are ignored by the caller): a hostile NOTIFY must not crash a client.
/// </summary>
internal static class NotificationPayloads
{
    public readonly record struct Control(string? Action, long? JobId, string? Queue);
    public readonly record struct Leadership(string? Action, string? LeaderId);

    public static string? InsertQueue(string payload)
    {
        var (queue, _, _, _) = Parse(payload);
        return queue;
    }

    public static Control ParseControl(string payload)
    {
        var (queue, action, jobId, _) = Parse(payload);
        return new Control(action, jobId, queue);
    }

    public static Leadership ParseLeadership(string payload)
    {
        var (_, action, _, leaderId) = Parse(payload);
        return new Leadership(action, leaderId);
    }

    private static (string? Queue, string? Action, long? JobId, string? LeaderId) Parse(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return default;
            }
            string? queue = null, action = null, leaderId = null;
            long? jobId = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "queue" when p.Value.ValueKind == JsonValueKind.String: queue = p.Value.GetString(); break;
                    case "action" when p.Value.ValueKind == JsonValueKind.String: action = p.Value.GetString(); break;
                    case "leader_id" when p.Value.ValueKind == JsonValueKind.String: leaderId = p.Value.GetString(); break;
                    case "job_id" when p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var id): jobId = id; break;
                }
            }
            return (queue, action, jobId, leaderId);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
