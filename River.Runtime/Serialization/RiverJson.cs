using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace River.Serialization;

/// <summary>
/// Support for the JSON writers and readers that River.Typed's source generator emits. Not meant to be called by
/// hand: the members may change between versions.
/// </summary>
/// <remarks>
/// Values whose JSON form System.Text.Json defines in its own converters (char, DateOnly, TimeOnly, TimeSpan) are
/// written and read through those very converters (<see cref="JsonMetadataServices"/>, which source-generated
/// contexts use too), so the output is System.Text.Json's by construction. Errors become <see cref="JsonException"/>
/// whose message and <see cref="JsonException.Path"/> name the property, e.g. <c>$.customer.tags[2]</c>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RiverJson
{
    private const string RelativePathKey = "River.JsonPath";
    private const string ReasonKey = "River.JsonReason";

    /// <summary>Options handed to the built-in converters; they read none of them for these types.</summary>
    private static readonly JsonSerializerOptions ConverterOptions = new();

    /// <summary>Writes a char as a one-character JSON string.</summary>
    public static void WriteChar(Utf8JsonWriter writer, char value) => JsonMetadataServices.CharConverter.Write(writer, value, ConverterOptions);

    /// <summary>Reads a one-character JSON string.</summary>
    public static char ReadChar(ref Utf8JsonReader reader) => JsonMetadataServices.CharConverter.Read(ref reader, typeof(char), ConverterOptions);

    /// <summary>Writes a date as <c>yyyy-MM-dd</c>.</summary>
    public static void WriteDateOnly(Utf8JsonWriter writer, DateOnly value) => JsonMetadataServices.DateOnlyConverter.Write(writer, value, ConverterOptions);

    /// <summary>Reads a <c>yyyy-MM-dd</c> date.</summary>
    public static DateOnly ReadDateOnly(ref Utf8JsonReader reader) => JsonMetadataServices.DateOnlyConverter.Read(ref reader, typeof(DateOnly), ConverterOptions);

    /// <summary>Writes a time of day as <c>HH:mm:ss[.fffffff]</c>.</summary>
    public static void WriteTimeOnly(Utf8JsonWriter writer, TimeOnly value) => JsonMetadataServices.TimeOnlyConverter.Write(writer, value, ConverterOptions);

    /// <summary>Reads a <c>HH:mm:ss[.fffffff]</c> time of day.</summary>
    public static TimeOnly ReadTimeOnly(ref Utf8JsonReader reader) => JsonMetadataServices.TimeOnlyConverter.Read(ref reader, typeof(TimeOnly), ConverterOptions);

    /// <summary>Writes a time span in the constant (<c>c</c>) format, <c>[-][d.]hh:mm:ss[.fffffff]</c>.</summary>
    public static void WriteTimeSpan(Utf8JsonWriter writer, TimeSpan value) => JsonMetadataServices.TimeSpanConverter.Write(writer, value, ConverterOptions);

    /// <summary>Reads a time span in the constant (<c>c</c>) format.</summary>
    public static TimeSpan ReadTimeSpan(ref Utf8JsonReader reader) => JsonMetadataServices.TimeSpanConverter.Read(ref reader, typeof(TimeSpan), ConverterOptions);

    /// <summary>Writes an enum the way <see cref="JsonStringEnumConverter{TEnum}"/> does (names; undefined values as numbers).</summary>
    public static void WriteStringEnum<TEnum>(Utf8JsonWriter writer, TEnum value) where TEnum : struct, Enum
        => StringEnumConverter<TEnum>.Instance.Write(writer, value, ConverterOptions);

    /// <summary>Reads an enum the way <see cref="JsonStringEnumConverter{TEnum}"/> does (names, case-insensitive; numbers).</summary>
    public static TEnum ReadStringEnum<TEnum>(ref Utf8JsonReader reader) where TEnum : struct, Enum
        => StringEnumConverter<TEnum>.Instance.Read(ref reader, typeof(TEnum), ConverterOptions);

    /// <summary>
    /// The <see cref="JsonTypeInfo{T}"/> of <typeparamref name="T"/> from a source-generated context (AOT-safe).
    /// </summary>
    /// <exception cref="InvalidOperationException">The context has no metadata for the type.</exception>
    public static JsonTypeInfo<T> GetTypeInfo<T>(JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
               ?? throw new InvalidOperationException(
                   $"The JsonSerializerContext '{context.GetType().Name}' has no metadata for '{typeof(T).FullName}'. Add [JsonSerializable(typeof({typeof(T).Name}))] to it.");
    }

    /// <summary>Whether an exception thrown while reading a value means the JSON does not fit the type.</summary>
    public static bool IsReadError(Exception exception)
        => exception is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException;

    /// <summary>Wraps a read error raised inside the value of property <paramref name="name"/> (or of the object itself when <see langword="null"/>).</summary>
    public static JsonException AtProperty(Exception exception, string? name)
        => Wrap(exception, name is null ? string.Empty : PropertySegment(name));

    /// <summary>Wraps a read error raised inside element <paramref name="index"/> of an array.</summary>
    public static JsonException AtIndex(Exception exception, int index)
        => Wrap(exception, "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");

    /// <summary>The reader is on <paramref name="found"/> instead of <paramref name="expected"/>, the token that starts a <paramref name="typeName"/>.</summary>
    public static JsonException UnexpectedToken(JsonTokenType found, JsonTokenType expected, string typeName)
        => Create($"The JSON value could not be converted to {typeName}: expected {expected}, found {found}.", string.Empty, null);

    /// <summary>
    /// JSON <c>null</c> for a property or constructor parameter of a non-nullable reference type (strict args, as
    /// System.Text.Json with <c>RespectNullableAnnotations</c>; the message is System.Text.Json's).
    /// </summary>
    public static JsonException NullNotAllowed(string typeName, string name, bool isConstructorParameter)
        => Create(isConstructorParameter
            ? $"The constructor parameter '{name}' on type '{typeName}' doesn't allow null values. Consider updating its nullability annotation."
            : $"The property or field '{name}' on type '{typeName}' doesn't allow setting null values. Consider updating its nullability annotation.",
            string.Empty, null);

    /// <summary>Required properties (<c>required</c> or <c>[JsonRequired]</c>) are missing; <see langword="null"/> names are present ones.</summary>
    public static JsonException MissingRequired(string typeName, params string?[] missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        var names = string.Join(", ", missing.Where(n => n is not null).Select(n => "'" + n + "'"));
        return Create($"JSON deserialization for type '{typeName}' was missing required properties including: {names}.", string.Empty, null);
    }

    /// <summary>One System.Text.Json string-enum converter per enum type (the AOT-safe generic factory).</summary>
    private static class StringEnumConverter<TEnum> where TEnum : struct, Enum
    {
        public static readonly JsonConverter<TEnum> Instance =
            (JsonConverter<TEnum>)new JsonStringEnumConverter<TEnum>().CreateConverter(typeof(TEnum), ConverterOptions)!;
    }

    private static JsonException Wrap(Exception exception, string segment)
    {
        if (exception.Data[RelativePathKey] is string inner && exception.Data[ReasonKey] is string reason)
        {
            return Create(reason, segment + inner, exception.InnerException ?? exception);
        }
        return Create(exception.Message, segment, exception);
    }

    private static JsonException Create(string reason, string relativePath, Exception? inner)
    {
        var path = "$" + relativePath;
        var message = relativePath.Length == 0 ? reason + " Path: $." : $"Invalid JSON at '{path}': {reason} Path: {path}.";
        var exception = new JsonException(message, path, null, null, inner);
        exception.Data[RelativePathKey] = relativePath;
        exception.Data[ReasonKey] = reason;
        return exception;
    }

    /// <summary><c>.name</c>, or <c>['name']</c> when the name has characters other than letters, digits and <c>_</c>.</summary>
    private static string PropertySegment(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                var sb = new StringBuilder(name.Length + 4).Append("['");
                sb.Append(name.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
                return sb.ToString();
            }
        }
        return "." + name;
    }
}
