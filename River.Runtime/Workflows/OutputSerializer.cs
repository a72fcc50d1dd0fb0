using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace River.Workflows;

/// <summary>
/// Serializes job outputs without reflection: a type with a generated serializer (a <c>[JobArgs]</c> type of an
/// assembly the generator ran on) uses it; strings, booleans and numbers are written directly; any other type needs
/// its <see cref="JsonTypeInfo{T}"/> (from a <c>JsonSerializerContext</c>, NativeAOT-safe).
/// </summary>
internal static class OutputSerializer
{
    public static string Serialize<T>(T value) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            switch (value)
            {
                case string s: w.WriteStringValue(s); break;
                case bool b: w.WriteBooleanValue(b); break;
                case int i: w.WriteNumberValue(i); break;
                case long l: w.WriteNumberValue(l); break;
                case double d: w.WriteNumberValue(d); break;
                case decimal m: w.WriteNumberValue(m); break;
                default:
                    var definition = JobDefinition.TryFor<T>() ?? throw NoSerializer(typeof(T));
                    definition.Write(w, value);
                    break;
            }
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static T Deserialize<T>(string json, string task) where T : notnull
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (typeof(T) == typeof(string) || typeof(T) == typeof(bool) || typeof(T) == typeof(int) || typeof(T) == typeof(long)
                || typeof(T) == typeof(double) || typeof(T) == typeof(decimal))
            {
                reader.Read();
                object boxed = typeof(T) == typeof(string) ? reader.GetString()!
                    : typeof(T) == typeof(bool) ? reader.GetBoolean()
                    : typeof(T) == typeof(int) ? reader.GetInt32()
                    : typeof(T) == typeof(long) ? reader.GetInt64()
                    : typeof(T) == typeof(double) ? reader.GetDouble()
                    : reader.GetDecimal();
                return (T)boxed;
            }
            var definition = JobDefinition.TryFor<T>() ?? throw NoSerializer(typeof(T));
            return definition.Read(ref reader) ?? throw new JsonException("the output is JSON null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            if (e is InvalidOperationException && e.Message.StartsWith("No serializer", StringComparison.Ordinal))
            {
                throw;
            }
            throw new InvalidOperationException($"The output of task '{task}' cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.Serialize(value, typeInfo);
    }

    public static T Deserialize<T>(string json, string task, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo) ?? throw new JsonException("the output is JSON null");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The output of task '{task}' cannot be read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static InvalidOperationException NoSerializer(Type type) => new(
        $"No serializer for output type '{type.FullName}': give it a generated serializer (mark it [JobArgs(\"…\")] in a project the River.Typed generator runs on), "
        + "or pass its JsonTypeInfo<T> from a JsonSerializerContext (RecordOutput(value, context.Type) / GetOutput(name, context.Type)).");
}
