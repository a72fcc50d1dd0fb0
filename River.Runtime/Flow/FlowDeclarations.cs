using System.Globalization;
using System.Text.Json;

namespace River.Flow;

/// <summary>One row of <c>river_typed_flow_limit</c> as a client declares it.</summary>
internal sealed record FlowRuleRow(string Id, string? Queue, string? Kind, string? PartitionJson, int? MaxRunning, int? RateCount, double? RateMs, int? RateBurst, bool Sequenced);

/// <summary>
/// What a client declares about flow control, gathered and checked when the client is constructed: the kinds'
/// attributes (<see cref="JobDefaults.Flow"/>, <see cref="JobDefaults.Sequence"/>) of its registered definitions, replaced
/// per kind by <see cref="FlowControlOptions.Kinds"/>, the queue limits of <see cref="FlowControlOptions.Queues"/>, and the
/// sequenced queues. Written at start by <see cref="RiverClient"/> (<see cref="Database.Queries.FlowSql.UpsertDeclared"/>).
/// </summary>
internal sealed class FlowDeclarations
{
    private FlowDeclarations(IReadOnlyList<FlowRuleRow> rows, IReadOnlySet<string> sequencedQueues)
    {
        Rows = rows;
        SequencedQueues = sequencedQueues;
    }

    /// <summary>The rows to upsert, sorted by id.</summary>
    public IReadOnlyList<FlowRuleRow> Rows { get; }

    /// <summary>The queues this client knows to keep sequences in order (an insert with a sequence key into another queue throws).</summary>
    public IReadOnlySet<string> SequencedQueues { get; }

    /// <summary>Gathers and checks the declarations of <paramref name="options"/>.</summary>
    /// <exception cref="RiverConfigurationException">A limit, rate, path or sequence is invalid; the message names it and the fix.</exception>
    public static FlowDeclarations From(RiverClientOptions options)
    {
        var rows = new SortedDictionary<string, FlowRuleRow>(StringComparer.Ordinal);
        var sequenced = new HashSet<string>(options.Flow.SequencedQueues, StringComparer.Ordinal);
        var definitions = options.Workers.Definitions.ToDictionary(d => d.Kind, StringComparer.Ordinal);
        foreach (var definition in definitions.Values)
        {
            if (definition.Defaults.Sequence is { } sequence)
            {
                if (sequence.By is { } by)
                {
                    Check(FlowRules.SplitPath(by, $"The sequence path of kind '{definition.Kind}'", out var error) is null ? error : null);
                }
                Check(FlowRules.ValidateSequenceWithUnique(definition.Kind, definition.Unique is not null,
                    definition.Unique?.ByArgs == true || definition.Unique?.ArgPaths is { Count: > 0 }, definition.Unique?.ByPeriod is not null));
                if (definition.Unique is { } unique)
                {
                    Check(FlowRules.ValidateSequenceWithUniqueKey(definition.Kind, sequence.By, unique.ArgPaths, unique.ByPeriod is not null));
                }
                sequenced.Add(definition.Defaults.Queue ?? RiverDefaults.Queue);
            }
        }
        foreach (var kind in definitions.Keys.Concat(options.Flow.Kinds.Keys).Distinct(StringComparer.Ordinal))
        {
            var flow = options.Flow.Kinds.TryGetValue(kind, out var declared) ? declared : definitions.GetValueOrDefault(kind)?.Defaults.Flow;
            if (flow is not null && Row("kind:" + kind, null, kind, flow, $"The flow limits of kind '{kind}'") is { } row)
            {
                rows[row.Id] = row;
            }
        }
        foreach (var (queue, flow) in options.Flow.Queues)
        {
            Check(JobOptionRules.ValidateQueue(queue));
            Check(FlowRules.ValidateQueueHasNoPartition(queue, flow.PartitionBy));
            if (Row("queue:" + queue, queue, null, flow, $"The flow limits of queue '{queue}'") is { } row)
            {
                rows[row.Id] = row with { Sequenced = sequenced.Contains(queue) };
            }
        }
        foreach (var queue in sequenced)
        {
            Check(JobOptionRules.ValidateQueue(queue));
            var id = "queue:" + queue;
            rows[id] = rows.TryGetValue(id, out var row) ? row with { Sequenced = true } : new FlowRuleRow(id, queue, null, null, null, null, null, null, true);
        }
        return new FlowDeclarations(rows.Values.ToList(), sequenced);
    }

    /// <summary>Checks one queue's or kind's limits and makes its row (null when it limits nothing).</summary>
    public static FlowRuleRow? Row(string id, string? queue, string? kind, FlowOptions flow, string label)
    {
        if (flow.MaxRunning is { } max)
        {
            Check(FlowRules.ValidateMaxRunning(max), label);
        }
        int? burst = null;
        double? rateMs = null;
        if (flow.RateLimit is { } count)
        {
            if (flow.RatePeriod is not { } period)
            {
                throw Problem($"{label}: RateLimit = {count} needs a RatePeriod (e.g. TimeSpan.FromSeconds(1)).");
            }
            Check(FlowRules.ValidateRate(count, period.TotalSeconds, flow.RateBurst ?? 0), label);
            burst = flow.RateBurst is { } b and > 0 ? b : FlowRules.DefaultBurst(count, period.TotalSeconds);
            rateMs = period.TotalMilliseconds;
        }
        else if (flow.RatePeriod is not null || flow.RateBurst is not null)
        {
            throw Problem($"{label}: RatePeriod and RateBurst need a RateLimit (the starts allowed per period).");
        }
        string? partition = null;
        if (flow.PartitionBy is { } path)
        {
            var segments = FlowRules.SplitPath(path, label + ": PartitionBy", out var error) ?? throw Problem(error!);
            partition = PathJson(segments);
        }
        if (flow.MaxRunning is null && flow.RateLimit is null)
        {
            return partition is null ? null : throw Problem($"{label}: PartitionBy \"{flow.PartitionBy}\" needs a MaxRunning or a RateLimit to partition.");
        }
        return new FlowRuleRow(id, queue, kind, partition, flow.MaxRunning, flow.RateLimit, rateMs, burst, false);
    }

    private static void Check(string? error, string? label = null)
    {
        if (error is not null)
        {
            throw Problem(label is null ? error : label + ": " + error);
        }
    }

    private static RiverConfigurationException Problem(string message) => new([message]);

    /// <summary>A path's names as a JSON array (what <c>partition_by</c> is built from).</summary>
    public static string PathJson(IReadOnlyList<string> segments)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var segment in segments)
            {
                writer.WriteStringValue(segment);
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A rate's period as text for messages, e.g. <c>1 s</c>.</summary>
    public static string PeriodText(double ms) => (ms / 1000).ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
