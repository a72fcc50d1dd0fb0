using System.ComponentModel;
using System.Text.Json;

namespace River;

/// <summary>Writes job args as one JSON value (generated per args type).</summary>
/// <remarks>Generator plumbing: hidden from IntelliSense; generated code uses it, user code has no need to.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void JobArgsWriter<in TArgs>(Utf8JsonWriter writer, TArgs value);

/// <summary>
/// Reads job args from a reader positioned before (or on) the first token of the value (generated per
/// args type). Throws <see cref="JsonException"/> naming the property when the JSON does not fit the type.
/// </summary>
/// <remarks>Generator plumbing: hidden from IntelliSense; generated code uses it, user code has no need to.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate TArgs JobArgsReader<out TArgs>(ref Utf8JsonReader reader);
