using System.Text.Json;

namespace River.Periodic;

/// <summary>
/// A job kind known only by name (a schedule added with raw JSON args, e.g. by <c>river schedules add</c>): no
/// declared defaults and no uniqueness, so the insert preparer applies the client's defaults and the shared rules.
/// </summary>
internal sealed class RawKindDefinition(string kind) : JobDefinition(kind, typeof(JsonElement), null, null);
