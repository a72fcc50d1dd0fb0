using System.Text.Json;

namespace River.Flow;

/// <summary>
/// A job's sequence key and how it travels: the metadata key <c>river:sequence</c> (and <c>river:sequence_policy</c> =
/// <c>skip</c> for <see cref="SequenceFailurePolicy.Skip"/>), which the limited fetch reads.
/// </summary>
internal static class SequenceKeys
{
    /// <summary>
    /// The key of a kind's sequence for given args: <c>&lt;kind&gt;:&lt;value&gt;</c>, the value being the text at the
    /// sequence path (a string's characters, any other value's JSON, as PostgreSQL's <c>#&gt;&gt;</c> reads it); jobs
    /// without a value at the path (or a kind without a path) share <c>&lt;kind&gt;:</c>.
    /// </summary>
    public static string FromArgs(string kind, SequenceOptions sequence, ReadOnlySpan<byte> encodedArgs)
    {
        if (sequence.By is null)
        {
            return kind + ":";
        }
        var segments = FlowRules.SplitPath(sequence.By, $"The sequence path of kind '{kind}'", out var error)
                       ?? throw new ArgumentException(error, nameof(SequenceOptions.By));
        var reader = new Utf8JsonReader(encodedArgs);
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        foreach (var segment in segments)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return kind + ":";
            }
        }
        return element.ValueKind switch
        {
            JsonValueKind.Null => kind + ":",
            JsonValueKind.String => kind + ":" + element.GetString(),
            _ => kind + ":" + element.GetRawText(),
        };
    }

    /// <summary>Adds the sequence keys to a metadata object's text (already checked to be a JSON object).</summary>
    public static string AddToMetadata(string metadata, string key, SequenceFailurePolicy policy)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            using (var document = JsonDocument.Parse(metadata))
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name is not (FlowRules.SequenceMetadataKey or FlowRules.SequencePolicyMetadataKey))
                    {
                        property.WriteTo(writer);
                    }
                }
            }
            writer.WriteString(FlowRules.SequenceMetadataKey, key);
            if (policy == SequenceFailurePolicy.Skip)
            {
                writer.WriteString(FlowRules.SequencePolicyMetadataKey, "skip");
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
