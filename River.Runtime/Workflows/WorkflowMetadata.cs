using System.Buffers;
using System.Text.Json;

namespace River.Workflows;

/// <summary>
/// The metadata keys of workflow tasks (River Pro's names where it has one): <c>workflow_id</c>, <c>task</c> and
/// <c>deps</c> written at insert, <c>workflow_outputs</c> (the dependencies' outputs by task name) written when the task
/// is released.
/// </summary>
internal static class WorkflowMetadata
{
    public const string WorkflowId = "workflow_id";
    public const string Task = "task";
    public const string Deps = "deps";
    public const string Outputs = "workflow_outputs";

    /// <summary>The quoted key the completer looks for: a plain job's metadata (usually <c>{}</c>) is not parsed.</summary>
    private const string WorkflowIdQuoted = "\"" + WorkflowId + "\"";

    /// <summary>Whether a job's metadata marks it as a workflow task (a substring test: no parse on the hot path).</summary>
    public static bool IsTask(string metadata) => metadata.Length > 2 && metadata.Contains(WorkflowIdQuoted, StringComparison.Ordinal);

    /// <summary>The metadata fragment of one task: <c>{"workflow_id":…,"task":…,"deps":[…]}</c>.</summary>
    public static string For(string workflowId, WorkflowTask task)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + task.Name.Length + workflowId.Length);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString(WorkflowId, workflowId);
            w.WriteString(Task, task.Name);
            w.WriteStartArray(Deps);
            foreach (var dep in task.DependsOn)
            {
                w.WriteStringValue(dep);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The raw JSON output of dependency <paramref name="task"/> as copied into <paramref name="metadata"/> at release, or null.</summary>
    public static string? OutputOf(string metadata, string task)
    {
        if (!metadata.Contains(Outputs, StringComparison.Ordinal))
        {
            return null;
        }
        using var doc = JsonDocument.Parse(metadata);
        if (doc.RootElement.TryGetProperty(Outputs, out var outputs) && outputs.ValueKind == JsonValueKind.Object
            && outputs.TryGetProperty(task, out var output) && output.ValueKind != JsonValueKind.Null)
        {
            return output.GetRawText();
        }
        return null;
    }

    /// <summary>The workflow id of a task's metadata, or null.</summary>
    public static string? WorkflowIdOf(string metadata) => StringOf(metadata, WorkflowId);

    /// <summary>The task name of a task's metadata, or null.</summary>
    public static string? TaskOf(string metadata) => StringOf(metadata, Task);

    private static string? StringOf(string metadata, string key)
    {
        if (!IsTask(metadata))
        {
            return null;
        }
        using var doc = JsonDocument.Parse(metadata);
        return doc.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
