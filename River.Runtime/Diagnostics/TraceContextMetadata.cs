using System.Diagnostics;
using System.Text.Json;

namespace River.Diagnostics;

/// <summary>
/// Carries the trace of an insert to the attempts of the job: the insert's W3C <c>traceparent</c> is stored in the
/// job's metadata under <see cref="JobOptionRules.MetadataKeyTraceParent"/>, and each attempt's <c>work</c> activity
/// starts as its child, so a job appears in the trace of the request that inserted it — also when another process
/// works it, hours later. Only when someone listens to River's activity source; a reserved key, so user metadata
/// cannot forge it.
/// </summary>
internal static class TraceContextMetadata
{
    private const string Key = JobOptionRules.MetadataKeyTraceParent;

    /// <summary>The traceparent to store for jobs inserted under <paramref name="insert"/>, or null (not traced, or not W3C).</summary>
    public static string? TraceParentOf(Activity? insert)
        => insert is { IdFormat: ActivityIdFormat.W3C, Id: { } id } ? id : null;

    /// <summary>
    /// <paramref name="metadata"/> (a JSON object, already validated) with the traceparent added as its first member.
    /// </summary>
    public static string With(string metadata, string traceParent)
    {
        var open = metadata.IndexOf('{', StringComparison.Ordinal);
        var member = "\"" + Key + "\":\"" + traceParent + "\"";
        if (open < 0)
        {
            // Not an object: cannot happen for validated metadata; leave it as it is rather than break the insert.
            return metadata;
        }
        var rest = metadata.AsSpan(open + 1).TrimStart();
        return rest.Length > 0 && rest[0] == '}'
            ? "{" + member + "}"
            : string.Concat("{", member, ",", metadata.AsSpan(open + 1));
    }

    /// <summary>
    /// Reads the stored insert context from <paramref name="metadata"/>. False when there is none or it is not a valid
    /// traceparent (a row edited by hand must not break the attempt).
    /// </summary>
    public static bool TryRead(string metadata, out ActivityContext context)
    {
        context = default;
        if (!metadata.Contains(Key, StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            using var doc = JsonDocument.Parse(metadata);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty(Key, out var value)
                && value.ValueKind == JsonValueKind.String
                && ActivityContext.TryParse(value.GetString(), traceState: null, isRemote: true, out context);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
